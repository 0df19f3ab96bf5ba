using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>Every metric and every model of the published version, by its plain name, in one line each (from the <see cref="Glossary"/>).</summary>
public static class DefinitionsPage
{
    public static Task<IResult> Render(PageContext page, PublishedSnapshot data) =>
        page.CachedPage(data, "definitions", "Definitions", async () =>
        {
            var body = new StringBuilder("""<h2>Metrics</h2><table id="metrics"><thead><tr><th>Metric</th><th>Meaning</th></tr></thead><tbody>""");
            foreach (var m in Glossary.Metrics)
                body.Append($"""<tr data-key="{E(m.Key)}"><td>{E(m.Name)}</td><td>{E(m.Definition)}</td></tr>""");
            body.Append("""</tbody></table><h2>Models</h2><table id="model-definitions"><thead><tr><th>Model</th><th>Id</th><th>What it credits</th></tr></thead><tbody>""");
            foreach (var m in (await data.Models()).Where(m => page.Choices.Models.Contains(m.Model)))
                body.Append($"""<tr data-model="{E(m.Model)}"><td>{E(Glossary.ModelName(m.Model))}</td><td><code>{E(m.Model)}</code></td><td>{E(Glossary.Define(m))}</td></tr>""");
            body.Append($"""</tbody></table><p class="note">{E(Glossary.CostUnderAFilter)} {E(Glossary.ModelChange)}</p>""");
            return body.ToString();
        });
}
