using System.Globalization;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// Day numbers as MySQL's TO_DAYS counts them, the way dates travel to and from the cluster (the
/// Impala SQL does plain integer arithmetic on them).
/// </summary>
public static class MySqlDays
{
    /// <summary>MySQL's TO_DAYS('0001-01-01'); DateOnly counts days from that date.</summary>
    const int YearOne = 366;

    /// <summary>The date of a TO_DAYS number (any integer type the cluster returns).</summary>
    public static DateOnly ToDate(object toDays) => DateOnly.FromDayNumber(Convert.ToInt32(toDays, CultureInfo.InvariantCulture) - YearOne);
}
