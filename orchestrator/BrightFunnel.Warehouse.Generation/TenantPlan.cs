namespace BrightFunnel.Warehouse.Generation;

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
    public int Accounts { get; private set; }
    public Company[] AccountCompany { get; private set; } = [];
    public Segment[] AccountSegment { get; private set; } = [];
    public bool[] AccountIsMega { get; private set; } = [];
    public long[] AccountCreated { get; private set; } = [];
    public int[] AccountParent { get; private set; } = [];
    public bool[] AccountHasWebsite { get; private set; } = [];
    public byte[] AccountEmailPattern { get; private set; } = [];
    /// <summary>An account's contacts are the index range [ContactStart, ContactStart + ContactCount).</summary>
    public int[] ContactStart { get; private set; } = [];
    public int[] ContactCount { get; private set; } = [];

    // Contacts.
    public int Contacts { get; private set; }
    public int[] ContactAccount { get; private set; } = [];
    public long[] ContactCreated { get; private set; } = [];
    /// <summary>The lead a contact was converted from, or -1.</summary>
    public int[] ContactLead { get; private set; } = [];

    // Leads.
    public int Leads { get; private set; }
    public LeadKind[] LeadKinds { get; private set; } = [];
    /// <summary>Converted: the account converted into; WorkEmail/FreeMail: the true account; NoAccount: -1.</summary>
    public int[] LeadAccount { get; private set; } = [];
    /// <summary>Converted: the contact; NoAccount: the index into <see cref="NonCustomers"/>; otherwise -1.</summary>
    public int[] LeadRef { get; private set; } = [];
    public long[] LeadCreated { get; private set; } = [];
    /// <summary>The opportunity created by the conversion, or -1.</summary>
    public int[] LeadOpportunity { get; private set; } = [];
    public Company[] NonCustomers { get; private set; } = [];

    // Campaigns.
    public int Campaigns { get; private set; }
    public int[] CampaignKind { get; private set; } = [];
    public int[] CampaignStart { get; private set; } = [];
    public int[] CampaignEnd { get; private set; } = [];
    public int[] CampaignParent { get; private set; } = [];
    public bool[] CampaignIsProgram { get; private set; } = [];
    public CampaignCalendar Calendar { get; private set; } = null!;

    // Opportunities.
    public int Opportunities { get; private set; }
    public int[] OpportunityAccount { get; private set; } = [];
    public long[] OpportunityCreated { get; private set; } = [];
    /// <summary>The contact converted with the opportunity (its primary contact role), or -1.</summary>
    public int[] OpportunityContact { get; private set; } = [];

    public TenantPlan(SizeProfile profile, ulong seed, DateOnly? asOf = null)
    {
        Profile = profile;
        Seed = seed;
        Time = new Timeline(seed, asOf);
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
        PlanAccounts(companies, ref plan);
        var convertedContacts = PlanContacts(ref plan);
        PlanLeads(convertedContacts, companies, ref plan);
        PlanCampaigns(ref plan);
        PlanOpportunities(ref plan);
    }

    /// <summary>Accounts: unique companies, segments (a few mega accounts), created dates, email patterns, subsidiaries.</summary>
    void PlanAccounts(CompanyFactory companies, ref Rng plan)
    {
        Accounts = Profile.Accounts;
        AccountCompany = new Company[Accounts];
        AccountSegment = new Segment[Accounts];
        AccountIsMega = new bool[Accounts];
        AccountCreated = new long[Accounts];
        AccountParent = new int[Accounts];
        AccountHasWebsite = new bool[Accounts];
        AccountEmailPattern = new byte[Accounts];
        for (var m = 0; m < Math.Min(Profile.MegaAccounts, Accounts); m++)
        {
            int pick;
            do pick = plan.Next(Accounts); while (AccountIsMega[pick]);
            AccountIsMega[pick] = true;
        }
        var enterprise = new List<int>();
        for (var i = 0; i < Accounts; i++)
        {
            var r = Rng.For(Seed, RngStream.Accounts, i);
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
            var r = Rng.For(Seed, RngStream.Accounts, Accounts + i);
            if (AccountSegment[i] != Segment.Enterprise && r.Chance(0.03)) AccountParent[i] = enterprise[r.Next(enterprise.Count)];
        }
    }

    /// <summary>Contacts: skewed sizes, a few mega accounts with thousands at M and L.</summary>
    List<int> PlanContacts(ref Rng plan)
    {
        var contactWeights = new double[Accounts];
        var megaTotal = 0;
        ContactCount = new int[Accounts];
        for (var i = 0; i < Accounts; i++)
        {
            var r = Rng.For(Seed, RngStream.Accounts, 2L * Accounts + i);
            if (AccountIsMega[i]) { ContactCount[i] = r.Between(Profile.MegaContacts.Min, Profile.MegaContacts.Max); megaTotal += ContactCount[i]; continue; }
            contactWeights[i] = AccountSegment[i] switch
            {
                Segment.Enterprise => r.LogNormal(30, 0.8),
                Segment.MidMarket => r.LogNormal(8, 0.6),
                _ => r.Chance(0.08) ? 0 : r.LogNormal(2.2, 0.7),
            };
        }
        var allocated = Allocate(contactWeights, Math.Max(0, Profile.Contacts - megaTotal), ref plan);
        for (var i = 0; i < Accounts; i++) if (!AccountIsMega[i]) ContactCount[i] = allocated[i];
        ContactStart = new int[Accounts];
        Contacts = 0;
        for (var i = 0; i < Accounts; i++) { ContactStart[i] = Contacts; Contacts += ContactCount[i]; }
        for (var i = 0; i < Accounts; i++)
        {
            // Accounts without a Website still show their domain through their contacts' addresses.
            var r = Rng.For(Seed, RngStream.Accounts, 3L * Accounts + i);
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
                var r = Rng.For(Seed, RngStream.Contacts, c);
                ContactAccount[c] = a;
                var day = r.Between(Math.Max(accountDay + 1, -700), Timeline.WindowDays - 1);
                ContactCreated[c] = Time.TimeOn(day, ref r);
                ContactLead[c] = -1;
                if (r.Chance(Profile.ConvertedShare)) convertedContacts.Add(c);
            }
        }
        return convertedContacts;
    }

    /// <summary>Leads: converted ones, then unconverted at known accounts or at no account.</summary>
    void PlanLeads(List<int> convertedContacts, CompanyFactory companies, ref Rng plan)
    {
        var orphanCount = Math.Max(Profile.Leads - convertedContacts.Count, Profile.Leads / 10);
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
            var r = Rng.For(Seed, RngStream.Leads, l);
            if (k < convertedContacts.Count)
            {
                var c = convertedContacts[k];
                LeadKinds[l] = LeadKind.Converted;
                LeadAccount[l] = ContactAccount[c];
                LeadRef[l] = c;
                ContactLead[c] = l;
                // Created days to months before the conversion, which created the contact.
                var lag = r.Chance(0.15) ? 60 + r.Next(86_340) : r.Between(1, 150) * 86_400L + r.Next(86_400);
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
            var r = Rng.For(Seed, RngStream.Names, i);
            NonCustomers[i] = companies.Next(ref r, 0.5);
        }
        for (var l = 0; l < Leads; l++)
            if (LeadKinds[l] == LeadKind.NoAccount) LeadRef[l] = (int)(Rng.Mix(Seed ^ (ulong)l * 31) % (ulong)NonCustomers.Length);
    }

    /// <summary>Campaigns: types in fixed shares, windows, parent programs, and the calendar members are drawn from.</summary>
    void PlanCampaigns(ref Rng plan)
    {
        Campaigns = Profile.Campaigns;
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
            var r = Rng.For(Seed, RngStream.Campaigns, j);
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
    }

    /// <summary>Opportunities: some from lead conversions, the rest spread over accounts.</summary>
    void PlanOpportunities(ref Rng plan)
    {
        var conversionOpps = new List<int>();
        for (var l = 0; l < Leads; l++)
        {
            var r = Rng.For(Seed, RngStream.Leads, (long)Leads + l);
            if (LeadKinds[l] == LeadKind.Converted && r.Chance(0.15)) conversionOpps.Add(l);
        }
        var oppWeights = new double[Accounts];
        for (var i = 0; i < Accounts; i++)
            oppWeights[i] = Math.Pow(ContactCount[i] + 1, 0.6) * AccountSegment[i] switch { Segment.Enterprise => 3.0, Segment.MidMarket => 1.5, _ => 1.0 };
        var oppsPerAccount = Allocate(oppWeights, Math.Max(0, Profile.Opportunities - conversionOpps.Count), ref plan);
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
            var r = Rng.For(Seed, RngStream.Opportunities, (long)Opportunities + o);
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
                var r = Rng.For(Seed, RngStream.Opportunities, (long)Opportunities + o);
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
