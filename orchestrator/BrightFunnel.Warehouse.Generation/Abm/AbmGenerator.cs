using System.Diagnostics;
using System.Globalization;
using BrightFunnel.Warehouse.Orchestrator.Ingest;

namespace BrightFunnel.Warehouse.Generation;

/// <summary>What <c>bfw generate --abm</c> added.</summary>
/// <param name="TargetAccounts">Accounts in <see cref="AbmData.TargetAccountsFile"/> (the unmatched domain line not counted).</param>
/// <param name="TargetDomains">Domains in <see cref="AbmData.TargetDomainsFile"/>.</param>
/// <param name="PlantedSpikes">Rows of <see cref="AbmData.SpikesFile"/>.</param>
/// <param name="PlantedMembers">CampaignMember rows appended for the planted bursts.</param>
public sealed record AbmReport(string ListFolder, string TruthFolder, int TargetAccounts, int TargetDomains, int PlantedSpikes, int PlantedMembers, TimeSpan Elapsed);

/// <summary>One planted burst: the account and the Monday of the week its touches are dated in.</summary>
public sealed record AbmSpike(string AccountId, DateOnly WeekStart);

/// <summary>
/// The files <c>bfw generate --abm</c> writes (docs/abm.md, "Generated data"): a target account
/// list to load with <c>bfw abm list add … --file</c>, and the ground truth of the engagement
/// bursts planted in the campaign members.
/// </summary>
public static class AbmData
{
    public const string ListFolder = "abm";
    public const string TargetAccountsFile = "abm/target_accounts.csv";
    public const string TargetDomainsFile = "abm/target_domains.csv";
    public const string TruthFolder = "abm-truth";
    public const string SpikesFile = "abm-truth/spikes.csv";
    public const string ReadmeFile = "abm-truth/README";

    /// <summary>The last line of <see cref="TargetAccountsFile"/>: a domain no account has, which a list built from the file reports as unmatched.</summary>
    public const string UnmatchedDomain = "unknown-target-domain.example";

    public static readonly IReadOnlyList<string> SpikeColumns = ["account_id", "week_start"];

    /// <summary>The planted bursts, in file order.</summary>
    public static IReadOnlyList<AbmSpike> ReadSpikes(string outputDirectory)
    {
        var spikes = new List<AbmSpike>();
        using var reader = new CsvRecordReader(Path.Combine(outputDirectory, SpikesFile));
        var fields = new List<string?>();
        reader.Read(fields); // header
        while (reader.Read(fields))
            spikes.Add(new AbmSpike(fields[0]!, DateOnly.ParseExact(fields[1]!, "yyyy-MM-dd", CultureInfo.InvariantCulture)));
        return spikes;
    }
}

/// <summary>
/// The ABM add-on of a generation, run after the export files are written. Everything it decides
/// draws from its own random streams (<see cref="RngStream.AbmTargets"/> …), never from the
/// streams of the exports, and it only appends to <c>CampaignMember.csv</c>: without
/// <c>--abm</c> nothing here runs and every file is what it was.
/// <list type="number">
/// <item>Target tier: about 5 % of the accounts, drawn by weight (Enterprise far ahead of Mid-Market and SMB).</item>
/// <item>Ramps: for about 40 % of the targets with an opportunity, a burst of 4–8 contacts of the
/// account responding to campaigns (running that day, none they already belong to) in one ISO week
/// 1–3 weeks before one of its opportunities was created, in a week the account's existing
/// activity (read back from the written members, contacts, leads and opportunities) leaves quiet
/// enough that the burst is a spike under the default engagement settings.</item>
/// </list>
/// </summary>
static class AbmGenerator
{
    const double TargetShare = 0.05, RampShare = 0.40;
    const int MinBurst = 4, MaxBurst = 8;

    // The default engagement settings (docs/abm.md): the check that a planted burst is a spike.
    const double TouchWeight = 2, NewPersonWeight = 3, OpportunityWeight = 10, Decay = 0.5, SpikeK = 2, SpikeMinScore = 5;
    const int Window = 4, Trailing = 8;
    /// <summary>A planted week must beat the spike bound by this much, so small differences in how the pipeline counts (time zones, matching) cannot undo it.</summary>
    const double Margin = 2;

    /// <summary>
    /// A generation without <c>--abm</c> into a folder that had one: its list and truth no longer
    /// describe the new CampaignMember.csv, so they go (only the files this class writes).
    /// </summary>
    public static void RemoveStale(string folder)
    {
        foreach (var file in new[] { AbmData.TargetAccountsFile, AbmData.TargetDomainsFile, AbmData.SpikesFile, AbmData.ReadmeFile })
            if (File.Exists(Path.Combine(folder, file))) File.Delete(Path.Combine(folder, file));
        foreach (var sub in new[] { AbmData.ListFolder, AbmData.TruthFolder })
        {
            var path = Path.Combine(folder, sub);
            if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any()) Directory.Delete(path);
        }
    }

    public static AbmReport Write(TenantPlan plan, string folder, long existingMembers, out long appendedMembers)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(Path.Combine(folder, AbmData.ListFolder));
        Directory.CreateDirectory(Path.Combine(folder, AbmData.TruthFolder));

        var targets = PickTargets(plan);
        var domains = PickDomains(plan, folder, targets);
        using (var csv = CsvWriter.Create(Path.Combine(folder, AbmData.TargetAccountsFile), ExportFiles.PlainLf))
        {
            csv.WriteHeader(["account_id"]);
            foreach (var a in targets) csv.Field(plan.AccountIds.Get(a)).EndRecord();
            csv.Field(AbmData.UnmatchedDomain).EndRecord();
        }
        using (var csv = CsvWriter.Create(Path.Combine(folder, AbmData.TargetDomainsFile), ExportFiles.PlainLf))
        {
            csv.WriteHeader(["domain"]);
            foreach (var a in domains) csv.Field(plan.AccountCompany[a].Domain).EndRecord();
        }

        var ramps = new RampPlanner(plan, targets);
        ramps.ReadExistingMembers(Path.Combine(folder, ExportFiles.CampaignMember));
        var spikes = ramps.Plan();

        long next = existingMembers;
        using (var members = new CsvWriter(new FileStream(Path.Combine(folder, ExportFiles.CampaignMember), FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16),
                   ExportFiles.FormatOf(ExportFiles.CampaignMember)))
        {
            foreach (var spike in spikes)
                foreach (var touch in spike.Touches) WriteMember(plan, members, next++, touch);
        }
        appendedMembers = next - existingMembers;

        using (var csv = CsvWriter.Create(Path.Combine(folder, AbmData.SpikesFile), ExportFiles.PlainLf))
        {
            csv.WriteHeader(AbmData.SpikeColumns);
            foreach (var spike in spikes) csv.Field(plan.AccountIds.Get(spike.Account)).Field(plan.Time.Date(spike.Monday)).EndRecord();
        }
        File.WriteAllText(Path.Combine(folder, AbmData.ReadmeFile), Readme(targets.Count, spikes.Count, appendedMembers));
        return new AbmReport(Path.Combine(folder, AbmData.ListFolder), Path.Combine(folder, AbmData.TruthFolder),
            targets.Count, domains.Count, spikes.Count, (int)appendedMembers, clock.Elapsed);
    }

    /// <summary>About 5 % of the accounts, a weighted sample without replacement (exponential keys), in account order.</summary>
    static List<int> PickTargets(TenantPlan plan)
    {
        var count = Math.Clamp((int)Math.Round(plan.Accounts * TargetShare), 1, plan.Accounts);
        var keys = new (double Key, int Account)[plan.Accounts];
        for (var a = 0; a < plan.Accounts; a++)
        {
            var r = Rng.For(plan.Seed, RngStream.AbmTargets, a);
            var weight = plan.AccountSegment[a] switch { Segment.Enterprise => 12.0, Segment.MidMarket => 2.0, _ => 0.5 };
            keys[a] = (r.Exponential() / weight, a);
        }
        return [.. keys.OrderBy(k => k.Key).ThenBy(k => k.Account).Take(count).Select(k => k.Account).Order()];
    }

    /// <summary>
    /// A few targets whose Website (as written in Account.csv) is their bare domain with at most a
    /// scheme, www. and a path, so the domain line matches exactly that account.
    /// </summary>
    static List<int> PickDomains(TenantPlan plan, string folder, List<int> targets)
    {
        var byId = targets.ToDictionary(a => plan.AccountIds.Get(a), StringComparer.Ordinal);
        var plain = new List<int>();
        using (var reader = new CsvRecordReader(Path.Combine(folder, ExportFiles.Account)))
        {
            var fields = new List<string?>();
            reader.Read(fields);
            var idColumn = fields.IndexOf("Id");
            var websiteColumn = fields.IndexOf("Website");
            while (reader.Read(fields))
                if (byId.TryGetValue(fields[idColumn]!, out var a) && fields[websiteColumn] is { } website
                    && string.Equals(HostOf(website), plan.AccountCompany[a].Domain, StringComparison.OrdinalIgnoreCase))
                    plain.Add(a);
        }
        var wanted = Math.Min(plain.Count, Math.Clamp(targets.Count / 5, 3, 10));
        return [.. plain.OrderBy(a => Rng.For(plan.Seed, RngStream.AbmTargets, plan.Accounts + (long)a).NextULong()).Take(wanted).Order()];
    }

    static string HostOf(string website)
    {
        var s = website.Trim().ToLowerInvariant();
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) s = s[(scheme + 3)..];
        var slash = s.IndexOf('/');
        if (slash >= 0) s = s[..slash];
        return s.StartsWith("www.", StringComparison.Ordinal) ? s[4..] : s;
    }

    static void WriteMember(TenantPlan plan, CsvWriter csv, long index, Touch touch)
    {
        var time = plan.Time;
        var r = Rng.For(plan.Seed, RngStream.AbmMembers, index);
        var type = CampaignType.All[plan.CampaignKind[touch.Campaign]];
        var created = Math.Max(time.TimeOn(touch.Day, ref r), plan.ContactCreated[touch.Contact] + TimeSpan.TicksPerSecond);
        var (modified, system) = time.Modstamps(created, ref r, 30);
        Span<char> id = stackalloc char[18];
        plan.MemberIds.Write(index, id);
        csv.Plain(id);
        plan.CampaignIds.Write(touch.Campaign, id);
        csv.Plain(id);
        plan.ContactIds.Write(touch.Contact, id);
        csv.Plain(id);
        csv.Null();
        csv.Field(r.Pick(type.RespondedStatuses));
        csv.Field(true);
        csv.Field(time.Date(touch.Day));
        csv.DateTimeField(created).DateTimeField(modified).DateTimeField(system);
        csv.Field(false);
        csv.EndRecord();
    }

    static string Readme(int targets, int spikes, long members) => string.Create(CultureInfo.InvariantCulture,
        $"""
        Ground truth of the ABM data `bfw generate --abm` planted (docs/abm.md, "Generated data"). spikes.csv (account_id,week_start) lists every planted engagement burst: {spikes} target accounts (of the {targets} in ../abm/target_accounts.csv) each got, in one ISO week (week_start: its Monday, yyyy-MM-dd, the same calendar dates as the members' FirstRespondedDate), 4 to 8 of their contacts responding to a campaign running that day ({members} CampaignMember rows in all, appended to CampaignMember.csv with HasResponded true, a responded status and FirstRespondedDate in that week), 1 to 3 weeks before one of the account's opportunities was created, in a week the account's other activity leaves quiet: with the default engagement settings (campaign_touch 2, decay 0.5, window 4, spike_k 2, spike_min_score 5) each planted week is a spike. The engage step may find other spikes too (organic activity); every planted one should be among them. Web sessions (--web) are not planted and were not taken into account.

        """);

    internal readonly record struct Touch(int Contact, int Campaign, int Day);

    internal sealed record Spike(int Account, int Monday, List<Touch> Touches);

    /// <summary>Finds, for the chosen targets, a quiet week before an opportunity and people and campaigns to fill it.</summary>
    sealed class RampPlanner
    {
        readonly TenantPlan plan;
        readonly List<int> targets;
        readonly Timeline time;
        /// <summary>Day (from the window's start) of the Monday of week 0.</summary>
        readonly int monday0;
        readonly Dictionary<int, int> targetIndex = [];
        /// <summary>Per target: week → points surely the account's (its contacts' touches, new contacts, opportunities).</summary>
        readonly Dictionary<int, double>[] sure;
        /// <summary>Per target: week → points that may be the account's (its unconverted leads, converted leads' creation).</summary>
        readonly Dictionary<int, double>[] maybe;
        /// <summary>Per target: week → responded touches (any person of the account).</summary>
        readonly Dictionary<int, int>[] touches;
        /// <summary>Campaigns each contact of a target already belongs to (as a contact or as the lead it came from).</summary>
        readonly Dictionary<int, HashSet<int>> joined = [];
        readonly List<int>[] opportunities;

        public RampPlanner(TenantPlan plan, List<int> targets)
        {
            this.plan = plan;
            this.targets = targets;
            time = plan.Time;
            var d0 = time.Date(0);
            monday0 = -(((int)d0.DayOfWeek + 6) % 7);
            sure = new Dictionary<int, double>[targets.Count];
            maybe = new Dictionary<int, double>[targets.Count];
            touches = new Dictionary<int, int>[targets.Count];
            opportunities = new List<int>[targets.Count];
            for (var t = 0; t < targets.Count; t++)
            {
                targetIndex[targets[t]] = t;
                (sure[t], maybe[t], touches[t], opportunities[t]) = ([], [], [], []);
            }
            for (var t = 0; t < targets.Count; t++)
            {
                var a = targets[t];
                for (var c = plan.ContactStart[a]; c < plan.ContactStart[a] + plan.ContactCount[a]; c++)
                {
                    joined[c] = [];
                    Add(plan.ContactLead[c] >= 0 ? maybe[t] : sure[t], Week(time.DayOf(plan.ContactCreated[c])), NewPersonWeight);
                }
            }
            for (var l = 0; l < plan.Leads; l++)
                if (plan.LeadAccount[l] >= 0 && targetIndex.TryGetValue(plan.LeadAccount[l], out var t))
                    Add(maybe[t], Week(time.DayOf(plan.LeadCreated[l])), NewPersonWeight);
            for (var o = 0; o < plan.Opportunities; o++)
                if (targetIndex.TryGetValue(plan.OpportunityAccount[o], out var t))
                {
                    opportunities[t].Add(o);
                    Add(sure[t], Week(time.DayOf(plan.OpportunityCreated[o])), OpportunityWeight);
                }
        }

        int Week(int day) => (int)Math.Floor((day - monday0) / 7.0);

        int MondayOf(int week) => monday0 + 7 * week;

        static void Add<T>(Dictionary<int, T> points, int week, T value) where T : System.Numerics.INumber<T> =>
            points[week] = points.GetValueOrDefault(week, T.Zero) + value;

        /// <summary>
        /// The target accounts' existing memberships: which campaigns their contacts joined, and their
        /// responded touches by week (one per campaign and person, the earliest, as the touches step counts).
        /// </summary>
        public void ReadExistingMembers(string path)
        {
            var contactIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var c in joined.Keys) contactIndex[plan.ContactIds.Get(c)] = c;
            // Leads of target accounts: converted ones are their contact's person; the others (-1 - l) a person of their own.
            var leadPerson = new Dictionary<string, (int Person, int Account)>(StringComparer.Ordinal);
            for (var l = 0; l < plan.Leads; l++)
                if (plan.LeadAccount[l] >= 0 && targetIndex.ContainsKey(plan.LeadAccount[l]))
                    leadPerson[plan.LeadIds.Get(l)] = (plan.LeadKinds[l] == LeadKind.Converted ? plan.LeadRef[l] : -1 - l, plan.LeadAccount[l]);
            var campaignIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var j = 0; j < plan.Campaigns; j++) campaignIndex[plan.CampaignIds.Get(j)] = j;

            var first = new Dictionary<(int Person, int Campaign), (int Day, bool Sure, int Account)>();
            using var reader = new CsvRecordReader(path);
            var fields = new List<string?>();
            reader.Read(fields);
            int campaignColumn = fields.IndexOf("CampaignId"), contactColumn = fields.IndexOf("ContactId"), leadColumn = fields.IndexOf("LeadId"),
                respondedColumn = fields.IndexOf("HasResponded"), respondedDateColumn = fields.IndexOf("FirstRespondedDate"), createdColumn = fields.IndexOf("CreatedDate");
            while (reader.Read(fields))
            {
                int person, account;
                bool isSure;
                if (fields[contactColumn] is { } contactId && contactIndex.TryGetValue(contactId, out var c))
                    (person, account, isSure) = (c, plan.ContactAccount[c], true);
                else if (fields[contactColumn] is null && fields[leadColumn] is { } leadId && leadPerson.TryGetValue(leadId, out var lp))
                    (person, account, isSure) = (lp.Person, lp.Account, lp.Person >= 0);
                else continue;
                if (!campaignIndex.TryGetValue(fields[campaignColumn]!, out var campaign)) continue;
                if (person >= 0) joined[person].Add(campaign);
                if (fields[respondedColumn] != "true") continue;
                var day = fields[respondedDateColumn] is { } responded
                    ? DayOf(DateOnly.ParseExact(responded, "yyyy-MM-dd", CultureInfo.InvariantCulture))
                    : DayOf(DateOnly.FromDateTime(DateTime.Parse(fields[createdColumn]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)));
                var key = (person, campaign);
                if (!first.TryGetValue(key, out var known) || day < known.Day) first[key] = (day, isSure, account);
            }
            foreach (var ((_, _), (day, isSure, account)) in first)
            {
                var t = targetIndex[account];
                Add(isSure ? sure[t] : maybe[t], Week(day), TouchWeight);
                Add(touches[t], Week(day), 1);
            }
        }

        int DayOf(DateOnly date) => date.DayNumber - time.WindowStart.DayNumber;

        /// <summary>The bursts, in account order.</summary>
        public List<Spike> Plan()
        {
            // Targets with an opportunity in the window, in an order of their own; 40 % of them get a burst (the next one is tried when one cannot).
            var candidates = Enumerable.Range(0, targets.Count)
                .Where(t => opportunities[t].Any(o => time.DayOf(plan.OpportunityCreated[o]) >= 21))
                .OrderBy(t => Rng.For(plan.Seed, RngStream.AbmRamps, targets[t]).NextULong()).ToList();
            var wanted = (int)Math.Round(Enumerable.Range(0, targets.Count).Count(t => opportunities[t].Count > 0) * RampShare);
            var spikes = new List<Spike>();
            foreach (var t in candidates)
            {
                if (spikes.Count >= wanted) break;
                if (TryPlant(t) is { } spike) spikes.Add(spike);
            }
            return [.. spikes.OrderBy(s => s.Account)];
        }

        Spike? TryPlant(int t)
        {
            var a = targets[t];
            var r = Rng.For(plan.Seed, RngStream.AbmRamps, (long)plan.Accounts + a);
            var opps = opportunities[t].Where(o => time.DayOf(plan.OpportunityCreated[o]) >= 21).ToList();
            Shuffle(opps, ref r);
            var size = MinBurst + r.Next(MaxBurst - MinBurst + 1);
            foreach (var o in opps)
            {
                var oppDay = time.DayOf(plan.OpportunityCreated[o]);
                var oppWeek = Week(oppDay);
                List<int> offsets = [1, 2, 3];
                Shuffle(offsets, ref r);
                foreach (var before in offsets)
                {
                    var week = oppWeek - before;
                    var from = Math.Max(0, MondayOf(week));
                    var to = Math.Min(Math.Min(MondayOf(week) + 6, oppDay - 1), Timeline.WindowDays - 1);
                    if (to < from || touches[t].GetValueOrDefault(week) > 1) continue;
                    // Business days when the week has some.
                    var weekdays = Enumerable.Range(from, to - from + 1).Where(d => time.Date(d).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToList();
                    if (weekdays.Count == 0) weekdays = [.. Enumerable.Range(from, to - from + 1)];
                    for (var n = size; n <= MaxBurst; n++)
                    {
                        if (!IsSpike(t, week, n)) continue;
                        var planted = Fill(a, weekdays, n, ref r);
                        if (planted is null) break;
                        return new Spike(a, MondayOf(week), planted);
                    }
                }
            }
            return null;
        }

        /// <summary>n touches more in <paramref name="week"/> make it a spike, with a margin, under the default settings.</summary>
        bool IsSpike(int t, int week, int n)
        {
            double Low(int w) => sure[t].GetValueOrDefault(w) + (w == week ? TouchWeight * n : 0);
            double High(int w) => sure[t].GetValueOrDefault(w) + maybe[t].GetValueOrDefault(w);
            double Score(Func<int, double> points, int w)
            {
                var s = 0.0;
                for (var k = 0; k < Window; k++) s += Math.Pow(Decay, k) * points(w - k);
                return s;
            }
            var score = Score(Low, week);
            var trailing = Enumerable.Range(1, Trailing).Select(k => Score(High, week - k)).ToArray();
            var mean = trailing.Average();
            var sd = Math.Sqrt(trailing.Sum(x => (x - mean) * (x - mean)) / Trailing);
            return score >= Math.Max(SpikeMinScore, TouchWeight * MinBurst) && score > mean + SpikeK * sd + Margin;
        }

        /// <summary>n contacts of the account (created before the week), each responding on one of <paramref name="days"/> to a campaign running that day it never joined.</summary>
        List<Touch>? Fill(int a, List<int> days, int n, ref Rng r)
        {
            var people = new List<int>();
            for (var c = plan.ContactStart[a]; c < plan.ContactStart[a] + plan.ContactCount[a]; c++)
                if (time.DayOf(plan.ContactCreated[c]) < days[0]) people.Add(c);
            if (people.Count < n) return null;
            Shuffle(people, ref r);
            var planted = new List<Touch>();
            foreach (var c in people)
            {
                if (planted.Count == n) break;
                var day = days[r.Next(days.Count)];
                var campaign = PickCampaign(c, day, ref r);
                if (campaign < 0) continue;
                planted.Add(new Touch(c, campaign, day));
            }
            if (planted.Count < n) return null;
            foreach (var touch in planted) joined[touch.Contact].Add(touch.Campaign);
            return [.. planted.OrderBy(x => x.Day).ThenBy(x => x.Contact)];
        }

        /// <summary>A campaign running on <paramref name="day"/> (by the calendar's weights) that <paramref name="contact"/> never joined; -1 if there is none.</summary>
        int PickCampaign(int contact, int day, ref Rng r)
        {
            var used = joined[contact];
            for (var attempt = 0; attempt < 16; attempt++)
            {
                var j = plan.Calendar.Pick(day, ref r);
                if (j < 0) return -1;
                if (!used.Contains(j)) return j;
            }
            for (var j = 0; j < plan.Campaigns; j++)
                if (!plan.CampaignIsProgram[j] && plan.CampaignStart[j] <= day && day <= plan.CampaignEnd[j] && !used.Contains(j)) return j;
            return -1;
        }

        static void Shuffle<T>(List<T> items, ref Rng r)
        {
            for (var i = items.Count - 1; i > 0; i--)
            {
                var j = r.Next(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }
}
