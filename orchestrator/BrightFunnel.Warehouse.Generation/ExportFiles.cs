using BrightFunnel.Warehouse.Orchestrator.Ingest;

namespace BrightFunnel.Warehouse.Generation;

/// <summary>
/// The files of a generated export: one CSV per Salesforce object, named by its API name, with the
/// standard fields of the matching <c>raw_*</c> table, <c>IsDeleted</c> and a few custom fields;
/// plus the orphan-lead ground truth. Each object file has a fixed layout (BOM, line ends,
/// quoting) so the ingest meets every variant docs/attribution.md allows.
/// </summary>
public static class ExportFiles
{
    public const string Account = "Account.csv";
    public const string Contact = "Contact.csv";
    public const string Lead = "Lead.csv";
    public const string Campaign = "Campaign.csv";
    public const string CampaignMember = "CampaignMember.csv";
    public const string Opportunity = "Opportunity.csv";
    public const string OpportunityContactRole = "OpportunityContactRole.csv";

    /// <summary>
    /// Ground truth for the orphan lead finder: <c>LeadId,AccountId</c>, AccountId empty when the
    /// lead belongs to no account. In a subfolder, because the ingest reads every top-level CSV as an export.
    /// </summary>
    public const string OrphanLeadTruth = "ground_truth/orphan_leads_truth.csv";

    /// <summary>"Excel re-saved": UTF-8 with BOM, CRLF, quotes only where needed.</summary>
    public static readonly CsvFormat BomCrlf = new(true, "\r\n", false);
    /// <summary>"Data Loader": no BOM, CRLF, every field quoted, nulls as "".</summary>
    public static readonly CsvFormat QuotedCrlf = new(false, "\r\n", true);
    /// <summary>"Bulk API": no BOM, LF, quotes only where needed.</summary>
    public static readonly CsvFormat PlainLf = new(false, "\n", false);

    /// <summary>The object files in a stable order, with their columns and layout.</summary>
    public static readonly IReadOnlyList<(string File, IReadOnlyList<string> Columns, CsvFormat Format)> Objects =
    [
        (Account, AccountWriter.Columns, BomCrlf),
        (Contact, ContactWriter.Columns, QuotedCrlf),
        (Lead, LeadWriter.Columns, BomCrlf),
        (Campaign, CampaignWriter.Columns, PlainLf),
        (CampaignMember, CampaignMemberWriter.Columns, PlainLf),
        (Opportunity, OpportunityWriter.Columns, QuotedCrlf),
        (OpportunityContactRole, OpportunityContactRoleWriter.Columns, QuotedCrlf),
    ];

    public static readonly IReadOnlyList<string> OrphanLeadTruthColumns = ["LeadId", "AccountId"];

    public static CsvFormat FormatOf(string file) =>
        file == OrphanLeadTruth ? PlainLf : Objects.First(o => o.File == file).Format;

    /// <summary>Reads the ground truth back: lead id → true account id, null when the lead belongs to no account.</summary>
    public static IReadOnlyDictionary<string, string?> ReadOrphanLeadTruth(string exportFolder)
    {
        var truth = new Dictionary<string, string?>(StringComparer.Ordinal);
        using var reader = new CsvRecordReader(Path.Combine(exportFolder, OrphanLeadTruth));
        var fields = new List<string?>();
        reader.Read(fields); // header
        while (reader.Read(fields)) truth[fields[0]!] = fields[1];
        return truth;
    }
}
