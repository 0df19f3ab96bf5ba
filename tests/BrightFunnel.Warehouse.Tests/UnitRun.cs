namespace BrightFunnel.Warehouse.Tests;

/// <summary>
/// <c>./run test --unit</c> runs only the classes without <c>[TestCategory("integration")]</c>, starts
/// no server, and sets <c>BFW_TEST_UNIT=1</c>. Every fixture that reaches MariaDB or starts an
/// engine asks <see cref="Refuse"/> first, so a class that needs one and is not marked fails the
/// unit run, naming the fix, instead of quietly using whatever server happens to be up.
/// </summary>
public static class UnitRun
{
    public const string Variable = "BFW_TEST_UNIT";

    /// <param name="needs">what the fixture reaches, e.g. "MariaDB".</param>
    public static void Refuse(string needs) => Refuse(Environment.GetEnvironmentVariable(Variable), needs);

    /// <param name="flag">the value of <see cref="Variable"/>; "1" means a unit run.</param>
    public static void Refuse(string? flag, string needs)
    {
        if (flag == "1")
            throw new InvalidOperationException($"this test needs {needs}: mark its class [TestCategory(\"integration\")] ({Variable}=1, a unit run)");
    }
}
