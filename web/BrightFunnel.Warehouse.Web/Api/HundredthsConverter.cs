using System.Text.Json;
using System.Text.Json.Serialization;

namespace BrightFunnel.Warehouse.Web.Api;

/// <summary>
/// Every fractional figure of the API to two decimals: amounts in cents, credited opportunities,
/// ROI and scores in hundredths, as the pages show them. Sums of credit shares are doubles, and
/// unrounded they read 15580699.999999998 in a BI tool.
/// </summary>
public sealed class HundredthsConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Math.Round(value, 2, MidpointRounding.AwayFromZero));
}
