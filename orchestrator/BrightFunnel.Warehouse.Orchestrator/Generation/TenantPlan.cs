namespace BrightFunnel.Warehouse.Orchestrator.Generation;

enum Segment : byte { Enterprise, MidMarket, Smb }

/// <summary>Why a lead exists: converted into a contact, or unconverted with a known (or no) true account.</summary>
enum LeadKind : byte
{
    /// <summary>Converted: ConvertedContactId/ConvertedAccountId set.</summary>
    Converted,
    /// <summary>Unconverted, works at a known account, email at its domain (or a subdomain of it).</summary>
    WorkEmail,
    /// <summary>Unconverted, works at a known account, free-mail address: only the company name to go on.</summary>
    FreeMail,
    /// <summary>Unconverted, works for a company that is no account of the tenant.</summary>
    NoAccount,
}

/// <summary>
/// The skeleton of a generated tenant, decided before any file is written: which accounts exist and
/// how big they are, which contact belongs to which account and which came from a lead, every
/// lead's kind and true account, the campaigns' windows, every opportunity's account and created
/// time. The writers flesh each row out from its own random stream, so they need nothing else and
/// can run in parallel. Row order in each file is the index order here; ids are minted from it.
/// </summary>
sealed class TenantPlan
{
    public SizeProfile Profile { get; }
    public ulong Seed { get; }
    public Timeline Time { get; }

    public IdMinter AccountIds { get; }
    public IdMinter ContactIds { get; }
    public IdMinter LeadIds { get; }
    public IdMinter CampaignIds { get; }
    public IdMinter MemberIds { get; }
    public IdMinter OpportunityIds { get; }
    public IdMinter RoleIds { get; }
    public IdMinter UserIds { get; }

    // Accounts.
    public int Accounts { get; }
    public Company[] AccountCompany { get; }
    public Segment[] AccountSegment { get; }
    public bool[] AccountIsMega { get; }
    public long[] AccountCreated { get; }
    public int[] AccountParent { get; }
    public bool[] AccountHasWebsite { get; }
    public byte[] AccountEmailPattern { get; }
    /// <summary>An account's contacts are the index range [ContactStart, ContactStart + ContactCount).</summary>
    public int[] ContactStart { get; }
    public int[] ContactCount { get; }

    // Contacts.
    public int Contacts { get; }
    public int[] ContactAccount { get; }
    public long[] ContactCreated { get; }
    /// <summary>The lead a contact was converted from, or -1.</summary>
    public int[] ContactLead { get; }

    // Leads.
    public int Leads { get; }
    public LeadKind[] LeadKinds { get; }
    /// <summary>Converted: the account converted into; WorkEmail/FreeMail: the true account; NoAccount: -1.</summary>
    public int[] LeadAccount { get; }
    /// <summary>Converted: the contact; NoAccount: the index into <see cref="NonCustomers"/>; otherwise -1.</summary>
    public int[] LeadRef { get; }
    public long[] LeadCreated { get; }
    /// <summary>The opportunity created by the conversion, or -1.</summary>
    public int[] LeadOpportunity { get; }
    public Company[] NonCustomers { get; }

    // Campaigns.
    public int Campaigns { get; }
    public int[] CampaignKind { get; }
    public int[] CampaignStart { get; }
    public int[] CampaignEnd { get; }
    public int[] CampaignParent { get; }
    public bool[] CampaignIsProgram { get; }
    public CampaignCalendar Calendar { get; }

    // Opportunities.
    public int Opportunities { get; }
    public int[] OpportunityAccount { get; }
    public long[] OpportunityCreated { get; }
    /// <summary>The contact converted with the opportunity (its primary contact role), or -1.</summary>
    public int[] OpportunityContact { get; }

    public TenantPlan(SizeProfile profile, ulong seed)
    {
        Profile = profile;
        Seed = seed;
        Time = new Timeline(seed);
        AccountIds = new IdMinter(IdMinter.AccountPrefix, seed);
        ContactIds = new IdMinter(IdMinter.ContactPrefix, seed);
        LeadIds = new IdMinter(IdMinter.LeadPrefix, seed);
        CampaignIds = new IdMinter(IdMinter.CampaignPrefix, seed);
        MemberIds = new IdMinter(IdMinter.CampaignMemberPrefix, seed);
        OpportunityIds = new IdMinter(IdMinter.OpportunityPrefix, seed);
        RoleIds = new IdMinter(IdMinter.OpportunityContactRolePrefix, seed);
        UserIds = new IdMinter(IdMinter.UserPrefix, seed);
        var plan = Rng.For(seed, RngStream.Plan, 0);
        var companies = new CompanyFactory();

        // --- accounts ------------------------------------------------------------------------
        Accounts = profile.Accounts;
        AccountCompany = new Company[Accounts];
        AccountSegment = new Segment[Accounts];
        AccountIsMega = new bool[Accounts];
        AccountCreated = new long[Accounts];
        AccountParent = new int[Accounts];
        AccountHasWebsite = new bool[Accounts];
        AccountEmailPattern = new byte[Accounts];
        for (var m = 0; m < Math.Min(profile.MegaAccounts, Accounts); m++)
        {
            int pick;
            do pick = plan.Next(Accounts); while (AccountIsMega[pick]);
            AccountIsMega[pick] = true;
        }
        var enterprise = new List<int>();
        for (var i = 0; i < Accounts; i++)
        {
            var r = Rng.For(seed, RngStream.Accounts, i);
            AccountCompany[i] = companies.Next(ref r);
            var s = r.NextDouble();
            AccountSegment[i] = AccountIsMega[i] || s < 0.05 ? Segment.Enterprise : s < 0.27 ? Segment.MidMarket : Segment.Smb;
            if (AccountSegment[i] == Segment.Enterprise) enterprise.Add(i);
            var day = AccountSegment[i] == Segment.Enterprise ? r.Between(-2500, -400) : r.Between(-2000, Timeline.WindowDays - 30);
            AccountCreated[i] = Time.TimeOn(day, ref r);
            AccountEmailPattern[i] = (byte)r.PickWeighted([50, 20, 5, 8, 5, 4, 8]);
            AccountParent[i] = -1;
        }
        // A few subsidiaries, each under an enterprise account; they keep their own names and domains.
        for (var i = 0; i < Accounts && enterprise.Count > 1; i++)
        {
            var r = Rng.For(seed, RngStream.Accounts, Accounts + i);
            if (AccountSegment[i] != Segment.Enterprise && r.Chance(0.03)) AccountParent[i] = enterprise[r.Next(enterprise.Count)];
        }

        // --- contacts: skewed sizes, a few mega accounts with thousands at M and L ----------------
        var contactWeights = new double[Accounts];
        var megaTotal = 0;
        ContactCount = new int[Accounts];
        for (var i = 0; i < Accounts; i++)
        {
            var r = Rng.For(seed, RngStream.Accounts, 2L * Accounts + i);
            if (AccountIsMega[i]) { ContactCount[i] = r.Between(profile.MegaContacts.Min, profile.MegaContacts.Max); megaTotal += ContactCount[i]; continue; }
            contactWeights[i] = AccountSegment[i] switch
            {
                Segment.Enterprise => r.LogNormal(30, 0.8),
                Segment.MidMarket => r.LogNormal(8, 0.6),
                _ => r.Chance(0.08) ? 0 : r.LogNormal(2.2, 0.7),
            };
        }
        var allocated = Allocate(contactWeights, Math.Max(0, profile.Contacts - megaTotal), ref plan);
        for (var i = 0; i < Accounts; i++) if (!AccountIsMega[i]) ContactCount[i] = allocated[i];
        ContactStart = new int[Accounts];
        Contacts = 0;
        for (var i = 0; i < Accounts; i++) { ContactStart[i] = Contacts; Contacts += ContactCount[i]; }
        for (var i = 0; i < Accounts; i++)
        {
            // Accounts without a Website still show their domain through their contacts' addresses.
            var r = Rng.For(seed, RngStream.Accounts, 3L * Accounts + i);
            AccountHasWebsite[i] = !(ContactCount[i] >= 3 && r.Chance(0.10));
        }

        ContactAccount = new int[Contacts];
        ContactCreated = new long[Contacts];
        ContactLead = new int[Contacts];
        var convertedContacts = new List<int>();
        for (var a = 0; a < Accounts; a++)
        {
            var accountDay = Time.DayOf(AccountCreated[a]);
            for (var c = ContactStart[a]; c < ContactStart[a] + ContactCount[a]; c++)
            {
                var r = Rng.For(seed, RngStream.Contacts, c);
                ContactAccount[c] = a;
                var day = r.Between(Math.Max(accountDay + 1, -700), Timeline.WindowDays - 1);
                ContactCreated[c] = Time.TimeOn(day, ref r);
                ContactLead[c] = -1;
                if (r.Chance(profile.ConvertedShare)) convertedContacts.Add(c);
            }
        }

        // --- leads: converted ones, then unconverted at known accounts or at no account ----------
        var orphanCount = Math.Max(profile.Leads - convertedContacts.Count, profile.Leads / 10);
        Leads = convertedContacts.Count + orphanCount;
        var order = Permutation(Leads, ref plan);
        LeadKinds = new LeadKind[Leads];
        LeadAccount = new int[Leads];
        LeadRef = new int[Leads];
        LeadCreated = new long[Leads];
        LeadOpportunity = new int[Leads];
        Array.Fill(LeadOpportunity, -1);
        var leadAccountWeights = new double[Accounts];
        for (var i = 0; i < Accounts; i++)
            leadAccountWeights[i] = (ContactCount[i] + 2) * AccountSegment[i] switch { Segment.Enterprise => 2.0, Segment.MidMarket => 1.5, _ => 1.0 };
        var leadAccountPicker = new WeightedPicker(leadAccountWeights);
        var noAccountLeads = 0;
        for (var k = 0; k < Leads; k++)
        {
            var l = order[k];
            var r = Rng.For(seed, RngStream.Leads, l);
            if (k < convertedContacts.Count)
            {
                var c = convertedContacts[k];
                LeadKinds[l] = LeadKind.Converted;
                LeadAccount[l] = ContactAccount[c];
                LeadRef[l] = c;
                ContactLead[c] = l;
                // Created days to months before the conversion, which created the contact.
                var lag = r.Chance(0.15) ? r.Next(86_400) : r.Between(1, 150) * 86_400L + r.Next(86_400);
                LeadCreated[l] = ContactCreated[c] - lag * TimeSpan.TicksPerSecond;
                continue;
            }
            var kind = r.NextDouble();
            LeadKinds[l] = kind < 0.64 ? LeadKind.WorkEmail : kind < 0.80 ? LeadKind.FreeMail : LeadKind.NoAccount;
            LeadAccount[l] = LeadKinds[l] == LeadKind.NoAccount ? -1 : leadAccountPicker.Pick(ref r);
            LeadRef[l] = -1;
            if (LeadKinds[l] == LeadKind.NoAccount) noAccountLeads++;
            LeadCreated[l] = Time.TimeOn(r.Next(Timeline.WindowDays), ref r);
        }
        // Companies that are no account of the tenant: about two leads each.
        NonCustomers = new Company[Math.Max(1, noAccountLeads / 2)];
        for (var i = 0; i < NonCustomers.Length; i++)
        {
            var r = Rng.For(seed, RngStream.Names, i);
            NonCustomers[i] = companies.Next(ref r, 0.5);
        }
        for (var l = 0; l < Leads; l++)
            if (LeadKinds[l] == LeadKind.NoAccount) LeadRef[l] = (int)(Rng.Mix(seed ^ (ulong)l * 31) % (ulong)NonCustomers.Length);

        // --- campaigns ------------------------------------------------------------------------------
        Campaigns = profile.Campaigns;
        CampaignKind = new int[Campaigns];
        CampaignStart = new int[Campaigns];
        CampaignEnd = new int[Campaigns];
        CampaignParent = new int[Campaigns];
        CampaignIsProgram = new bool[Campaigns];
        var campaignWeights = new double[Campaigns];
        var programs = Math.Max(1, Campaigns / 25);
        // Types in their exact shares (shuffled), so even 80 campaigns have the intended mix.
        var mix = Permutation(Campaigns - programs, ref plan).Select(k => StratifiedType(k, Campaigns - programs)).ToArray();
        for (var j = 0; j < Campaigns; j++)
        {
            var r = Rng.For(seed, RngStream.Campaigns, j);
            var type = j < programs ? ProgramType(ref r) : mix[j - programs];
            CampaignKind[j] = type;
            var t = CampaignType.All[type];
            CampaignIsProgram[j] = j < programs;
            if (CampaignIsProgram[j])
            {
                // Parent programs: a year each, no members of their own.
                CampaignStart[j] = r.Between(0, 2) * 365;
                CampaignEnd[j] = CampaignStart[j] + 364;
                CampaignParent[j] = -1;
                continue;
            }
            var days = r.Between(t.MinDays, t.MaxDays);
            CampaignStart[j] = r.Between(-20, Timeline.WindowDays + 45);
            CampaignEnd[j] = CampaignStart[j] + days - 1;
            campaignWeights[j] = t.MemberWeight * r.LogNormal(1, 0.6) / Math.Pow(days, 0.6);
            CampaignParent[j] = r.Chance(0.4) ? r.Next(programs) : -1;
        }
        Calendar = new CampaignCalendar(CampaignStart, CampaignEnd, campaignWeights, Timeline.WindowDays);

        // --- opportunities: some from lead conversions, the rest spread over accounts ---------------
        var conversionOpps = new List<int>();
        for (var l = 0; l < Leads; l++)
        {
            var r = Rng.For(seed, RngStream.Leads, (long)Leads + l);
            if (LeadKinds[l] == LeadKind.Converted && r.Chance(0.15)) conversionOpps.Add(l);
        }
        var oppWeights = new double[Accounts];
        for (var i = 0; i < Accounts; i++)
            oppWeights[i] = Math.Pow(ContactCount[i] + 1, 0.6) * AccountSegment[i] switch { Segment.Enterprise => 3.0, Segment.MidMarket => 1.5, _ => 1.0 };
        var oppsPerAccount = Allocate(oppWeights, Math.Max(0, profile.Opportunities - conversionOpps.Count), ref plan);
        Opportunities = conversionOpps.Count + oppsPerAccount.Sum();
        var oppOrder = Permutation(Opportunities, ref plan);
        OpportunityAccount = new int[Opportunities];
        OpportunityCreated = new long[Opportunities];
        OpportunityContact = new int[Opportunities];
        var n = 0;
        foreach (var l in conversionOpps)
        {
            var o = oppOrder[n++];
            var c = LeadRef[l];
            var r = Rng.For(seed, RngStream.Opportunities, (long)Opportunities + o);
            OpportunityAccount[o] = ContactAccount[c];
            OpportunityCreated[o] = Math.Min(ContactCreated[c] + r.Next(600) * TimeSpan.TicksPerSecond, Time.EndTicks - TimeSpan.TicksPerSecond);
            OpportunityContact[o] = c;
            LeadOpportunity[l] = o;
        }
        for (var a = 0; a < Accounts; a++)
        {
            var accountDay = Time.DayOf(AccountCreated[a]);
            for (var k = 0; k < oppsPerAccount[a]; k++)
            {
                var o = oppOrder[n++];
                var r = Rng.For(seed, RngStream.Opportunities, (long)Opportunities + o);
                OpportunityAccount[o] = a;
                OpportunityCreated[o] = Time.TimeOn(r.Between(Math.Max(accountDay + 1, 0), Timeline.WindowDays - 1), ref r);
                OpportunityContact[o] = -1;
            }
        }
    }

    /// <summary>Programs group events, email and paid media; untyped campaigns are never programs.</summary>
    static int ProgramType(ref Rng r)
    {
        while (true)
        {
            var type = CampaignType.PickIndex(ref r);
            if (CampaignType.All[type].Type is "Webinar" or "Trade Show" or "Email" or "Advertisement") return type;
        }
    }

    /// <summary>The type of slot <paramref name="k"/> of <paramref name="count"/> when types fill slots in proportion to their shares.</summary>
    static int StratifiedType(int k, int count)
    {
        var total = CampaignType.All.Sum(t => t.Share);
        var position = (k + 0.5) / count * total;
        for (var i = 0; i < CampaignType.All.Length; i++)
        {
            position -= CampaignType.All[i].Share;
            if (position < 0) return i;
        }
        return CampaignType.All.Length - 1;
    }

    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="weights"/>, exactly.</summary>
    static int[] Allocate(double[] weights, int total, ref Rng rng)
    {
        var counts = new int[weights.Length];
        var sum = weights.Sum();
        if (sum <= 0 || total <= 0) return counts;
        var given = 0;
        for (var i = 0; i < weights.Length; i++) { counts[i] = (int)(total * weights[i] / sum); given += counts[i]; }
        var picker = new WeightedPicker(weights);
        for (; given < total; given++) counts[picker.Pick(ref rng)]++;
        return counts;
    }

    static int[] Permutation(int count, ref Rng rng)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++) order[i] = i;
        for (var i = count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>The id of a user (record owner) chosen by <paramref name="rng"/>.</summary>
    public void WriteOwnerId(ref Rng rng, Span<char> destination) => UserIds.Write(rng.Next(Profile.Users), destination);
}

/// <summary>Picks an index in proportion to fixed weights (cumulative sums and a binary search).</summary>
sealed class WeightedPicker
{
    readonly double[] cumulative;

    public WeightedPicker(ReadOnlySpan<double> weights)
    {
        cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++) { sum += Math.Max(0, weights[i]); cumulative[i] = sum; }
    }

    public double Total => cumulative.Length == 0 ? 0 : cumulative[^1];

    public int Pick(ref Rng rng)
    {
        var x = rng.NextDouble() * Total;
        var i = Array.BinarySearch(cumulative, x);
        i = i < 0 ? ~i : i + 1;
        // Skip zero-weight entries that share the cumulative value.
        return Math.Min(i, cumulative.Length - 1);
    }
}

/// <summary>
/// The campaigns running on each day of the window, with their member-draw weights, so a
/// membership can be placed on a day first and then in a campaign active that day.
/// </summary>
sealed class CampaignCalendar
{
    readonly int[] offsets;
    readonly int[] campaigns;
    readonly double[] cumulative;

    public CampaignCalendar(int[] start, int[] end, double[] weights, int days)
    {
        offsets = new int[days + 1];
        for (var j = 0; j < start.Length; j++)
            if (weights[j] > 0)
                for (var d = Math.Max(0, start[j]); d <= Math.Min(end[j], days - 1); d++) offsets[d + 1]++;
        for (var d = 0; d < days; d++) offsets[d + 1] += offsets[d];
        campaigns = new int[offsets[days]];
        cumulative = new double[offsets[days]];
        var fill = offsets[..^1].ToArray();
        for (var j = 0; j < start.Length; j++)
            if (weights[j] > 0)
                for (var d = Math.Max(0, start[j]); d <= Math.Min(end[j], days - 1); d++) campaigns[fill[d]++] = j;
        for (var d = 0; d < days; d++)
        {
            var sum = 0.0;
            for (var k = offsets[d]; k < offsets[d + 1]; k++) { sum += weights[campaigns[k]]; cumulative[k] = sum; }
        }
    }

    public int Days => offsets.Length - 1;

    /// <summary>A campaign running on <paramref name="day"/>, by weight; -1 when none runs (or the day is outside the window).</summary>
    public int Pick(int day, ref Rng rng)
    {
        if (day < 0 || day >= Days) return -1;
        var from = offsets[day];
        var to = offsets[day + 1];
        if (from == to) return -1;
        var x = rng.NextDouble() * cumulative[to - 1];
        var i = Array.BinarySearch(cumulative, from, to - from, x);
        i = i < 0 ? ~i : i + 1;
        return campaigns[Math.Min(i, to - 1)];
    }
}
