namespace BrightFunnel.Warehouse.Generation;

enum VisitorKind : byte
{
    /// <summary>Never identifies.</summary>
    Anonymous,
    /// <summary>A lead or contact: browses anonymously, then identifies with their own address.</summary>
    Person,
    /// <summary>Identifies with an address no lead or contact has: stays anonymous to attribution.</summary>
    UnknownEmail,
}

/// <summary>One visitor (one browser's cookie): who it is and the day of its first visit.</summary>
/// <param name="Person">The person index (<see cref="WebIdentities"/>) for <see cref="VisitorKind.Person"/>, else -1.</param>
/// <param name="BuyingIntent">A contact researching in the weeks before their account's opportunity was created.</param>
readonly record struct VisitorPlan(VisitorKind Kind, int Person, short FirstDay, bool BuyingIntent);

/// <summary>
/// Who visits and when they first come: a share of the people (some on a second device), a contact
/// of many opportunities' accounts in the weeks before the opportunity was created, the anonymous
/// crowd (growing over the window, as traffic does) and visitors with addresses the CRM does not
/// know. Visitors are ordered by first day, so each chunk of them (one segment) covers a stretch of
/// time, as a collector's segments do; within a day, by the order they were planned.
/// </summary>
static class VisitorPlanner
{
    /// <summary>The last day a visitor may first come: a day before R, so its first session ends before R.</summary>
    const int LastFirstDay = Timeline.WindowDays - 2;

    public static VisitorPlan[] Plan(TenantPlan plan, WebProfile profile, WebIdentities people)
    {
        var visitors = new List<VisitorPlan>(profile.AnonymousVisitors + profile.UnknownEmailVisitors + people.People / 2);
        for (var p = 0; p < people.People; p++)
        {
            if (!people.CanIdentify[p]) continue;
            var r = Rng.For(plan.Seed, RngStream.WebPeople, p);
            if (!r.Chance(profile.PersonVisitShare)) continue;
            var created = plan.Time.DayOf(people.Created(p));
            var devices = r.Chance(0.15) ? 2 : 1;
            for (var d = 0; d < devices; d++)
                visitors.Add(new(VisitorKind.Person, p, Day(r.Between(Math.Max(0, created - 60), LastFirstDay)), false));
        }
        for (var o = 0; o < plan.Opportunities; o++)
        {
            var r = Rng.For(plan.Seed, RngStream.WebOpportunities, o);
            if (!r.Chance(profile.OpportunityResearchShare)) continue;
            var a = plan.OpportunityAccount[o];
            var contact = plan.OpportunityContact[o] >= 0 ? plan.OpportunityContact[o]
                : plan.ContactCount[a] > 0 ? plan.ContactStart[a] + r.Next(plan.ContactCount[a]) : -1;
            if (contact < 0 || !people.CanIdentify[contact]) continue;
            visitors.Add(new(VisitorKind.Person, contact, Day(plan.Time.DayOf(plan.OpportunityCreated[o]) - r.Between(5, 45)), true));
        }
        for (var k = 0; k < profile.AnonymousVisitors + profile.UnknownEmailVisitors; k++)
        {
            var r = Rng.For(plan.Seed, RngStream.WebAnonymous, k);
            // Traffic grows over the window: the density of first days rises linearly.
            var day = (int)(Math.Sqrt(r.NextDouble()) * (LastFirstDay + 1));
            visitors.Add(new(k < profile.AnonymousVisitors ? VisitorKind.Anonymous : VisitorKind.UnknownEmail, -1, Day(day), false));
        }
        return ByFirstDay(visitors);
    }

    static short Day(int day) => (short)Math.Clamp(day, 0, LastFirstDay);

    /// <summary>A stable counting sort by first day.</summary>
    static VisitorPlan[] ByFirstDay(List<VisitorPlan> visitors)
    {
        var starts = new int[Timeline.WindowDays + 1];
        foreach (var v in visitors) starts[v.FirstDay + 1]++;
        for (var d = 0; d < Timeline.WindowDays; d++) starts[d + 1] += starts[d];
        var sorted = new VisitorPlan[visitors.Count];
        foreach (var v in visitors) sorted[starts[v.FirstDay]++] = v;
        return sorted;
    }
}
