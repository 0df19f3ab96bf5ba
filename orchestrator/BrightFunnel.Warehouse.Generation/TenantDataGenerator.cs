using System.Collections.Concurrent;
using System.Diagnostics;

namespace BrightFunnel.Warehouse.Generation;

/// <summary>What to generate and where.</summary>
/// <param name="Seed">Same seed (and size) → byte-identical files.</param>
/// <param name="WebActivity">Also write the tenant's web activity and its truth (<see cref="WebActivityGenerator"/>).</param>
/// <param name="AsOf">The reference date R instead of the seed's (the demo's data runs to a week from today); null: the seed's.</param>
/// <param name="Abm">Also write a target account list and plant engagement bursts with their truth (<see cref="AbmGenerator"/>); off, every file is as without it.</param>
public sealed record GenerationOptions(GeneratorSize Size, long Seed, string OutputDirectory, bool WebActivity = false, DateOnly? AsOf = null, bool Abm = false)
{
    public const long DefaultSeed = 1;
}

/// <summary>One written file.</summary>
public sealed record GeneratedFile(string FileName, long Rows, long Bytes, TimeSpan Elapsed);

/// <summary>What a generation wrote: every file (object files first, ground truth last), the reference date R, and the web activity and ABM data when asked for.</summary>
public sealed record GenerationReport(
    GeneratorSize Size, long Seed, DateOnly ReferenceDate, string OutputDirectory,
    IReadOnlyList<GeneratedFile> Files, TimeSpan PlanElapsed, TimeSpan Elapsed, WebActivityReport? Web = null, AbmReport? Abm = null)
{
    public GeneratedFile File(string name) => Files.Single(f => f.FileName == name);
}

/// <summary>
/// <c>bfw generate</c>: writes a tenant's Salesforce exports (<see cref="ExportFiles"/>) and the
/// orphan-lead ground truth into a folder. The plan (<see cref="TenantPlan"/>) is built first, then
/// the files are written in parallel, each by its own writer streaming rows to a buffered file.
/// </summary>
public static class TenantDataGenerator
{
    public static GenerationReport Generate(GenerationOptions options)
    {
        var total = Stopwatch.StartNew();
        var folder = Path.GetFullPath(options.OutputDirectory);
        Directory.CreateDirectory(folder);
        var plan = new TenantPlan(SizeProfile.For(options.Size), unchecked((ulong)options.Seed), options.AsOf);
        var planElapsed = total.Elapsed;

        long truthRows = 0;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, ExportFiles.OrphanLeadTruth))!);
        // Largest first, so two cores finish together.
        var jobs = new (string File, Action<CsvWriter> Write)[]
        {
            (ExportFiles.CampaignMember, csv => CampaignMemberWriter.Write(plan, csv)),
            (ExportFiles.Contact, csv => ContactWriter.Write(plan, csv)),
            (ExportFiles.Lead, csv =>
            {
                using var truth = CsvWriter.Create(Path.Combine(folder, ExportFiles.OrphanLeadTruth), ExportFiles.FormatOf(ExportFiles.OrphanLeadTruth));
                LeadWriter.Write(plan, csv, truth);
                truth.Flush();
                truthRows = truth.Records;
            }),
            (ExportFiles.Opportunity, csv => OpportunityWriter.Write(plan, csv)),
            (ExportFiles.OpportunityContactRole, csv => OpportunityContactRoleWriter.Write(plan, csv)),
            (ExportFiles.Account, csv => AccountWriter.Write(plan, csv)),
            (ExportFiles.Campaign, csv => CampaignWriter.Write(plan, csv)),
        };
        var written = new ConcurrentDictionary<string, GeneratedFile>();
        Parallel.ForEach(
            Partitioner.Create(jobs, EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
            job =>
            {
                var clock = Stopwatch.StartNew();
                var path = Path.Combine(folder, job.File);
                long rows;
                using (var csv = CsvWriter.Create(path, ExportFiles.FormatOf(job.File)))
                {
                    job.Write(csv);
                    rows = csv.Records;
                }
                written[job.File] = new GeneratedFile(job.File, rows, new FileInfo(path).Length, clock.Elapsed);
            });

        // The ABM add-on reads the written files back and appends its members to CampaignMember.csv.
        AbmReport? abm = null;
        if (!options.Abm) AbmGenerator.RemoveStale(folder);
        else
        {
            var members = written[ExportFiles.CampaignMember];
            abm = AbmGenerator.Write(plan, folder, members.Rows, out var appended);
            written[ExportFiles.CampaignMember] = members with
            {
                Rows = members.Rows + appended,
                Bytes = new FileInfo(Path.Combine(folder, ExportFiles.CampaignMember)).Length,
            };
        }

        var files = ExportFiles.Objects.Select(o => written[o.File]).ToList();
        var truthPath = Path.Combine(folder, ExportFiles.OrphanLeadTruth);
        files.Add(new GeneratedFile(ExportFiles.OrphanLeadTruth, truthRows, new FileInfo(truthPath).Length, written[ExportFiles.Lead].Elapsed));
        // After the CSVs, not beside them: both use every core, and the web activity reuses the plan.
        var web = options.WebActivity ? WebActivityGenerator.Write(plan, WebProfile.For(options.Size), folder) : null;
        return new GenerationReport(options.Size, options.Seed, plan.Time.ReferenceDate, folder, files, planElapsed, total.Elapsed, web, abm);
    }
}
