using BrightFunnel.Warehouse.Migrations;

namespace BrightFunnel.Warehouse.Tests.Migrations;

/// <summary>The model loops both engines' SQL is written out with (docs/decisions/models-as-rows.md).</summary>
[TestClass]
public sealed class ModelTemplateTests
{
    static readonly ModelTemplate Models = new(
    [
        new("first_touch", "first_touch"), new("u_shaped", "position"), new("w_shaped", "milestone"), new("time_decay", "time_decay"),
        new("full_path", "milestone"), new("linear", "linear"),
    ]);

    [TestMethod]
    public void StoredModelsComeByKindThenInTheirOrderAndPositionModelsHaveNoColumn() =>
        Assert.AreEqual(", share_first_touch, share_linear, share_w_shaped, share_full_path, share_time_decay",
            Models.Expand("{{#each stored}}, share_{{model}}{{/each}}", "t.sql"));

    [TestMethod]
    public void AKindOrKindsSelectTheirModels()
    {
        Assert.AreEqual("[w_shaped][full_path]", Models.Expand("{{#each milestone}}[{{model}}]{{/each}}", "t.sql"));
        Assert.AreEqual("[u_shaped][linear]", Models.Expand("{{#each position|linear}}[{{model}}]{{/each}}", "t.sql"));
        Assert.AreEqual("a  b", Models.Expand("a {{#each last_touch}}[{{model}}]{{/each}} b", "t.sql"), "a kind without models writes nothing");
    }

    [TestMethod]
    public void SlotsHaveOneNameAndTheirNumber() =>
        Assert.AreEqual(" 1:only 2:first_of_two 3:last_of_two 4:first 5:middle 6:last",
            Models.Expand("{{#each slot}} {{n}}:{{slot}}{{/each}}", "t.sql"));

    [TestMethod]
    public void TextWithoutLoopsIsLeftAsItIs()
    {
        const string sql = "SELECT '{' AS brace, ${var:run} FROM at_paths";
        Assert.IsFalse(ModelTemplate.Uses(sql));
        Assert.AreEqual(sql, Models.Expand(sql, "t.sql"));
    }

    [TestMethod]
    [DataRow("SELECT 1\n{{#each nonsense}}x{{/each}}", "t.sql:2", "nonsense")]
    [DataRow("{{#each stored}}{{modle}}{{/each}}", "t.sql:1", "{{modle}}")]
    [DataRow("SELECT {{model}}", "t.sql", "left after expansion")]
    [DataRow("{{#each stored}}{{#each slot}}{{/each}}{{/each}}", "t.sql", "left after expansion")]
    public void WhatCannotBeWrittenOutNamesTheScript(string sql, string where, string what)
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Models.Expand(sql, "t.sql"));
        StringAssert.Contains(e.Message, where);
        StringAssert.Contains(e.Message, what);
    }

    [TestMethod]
    [DataRow("Late-Heavy", "position", "not a name the SQL can carry")]
    [DataRow("a_name_longer_than_16", "position", "not a name the SQL can carry")]
    [DataRow("1st", "position", "not a name the SQL can carry")]
    [DataRow("late_heavy", "positional", "unknown kind 'positional'")]
    public void AModelTheSqlCannotCarryIsRefusedByName(string model, string kind, string why)
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => new ModelTemplate([new(model, kind)]));
        StringAssert.Contains(e.Message, $"'{model}'");
        StringAssert.Contains(e.Message, why);
    }
}
