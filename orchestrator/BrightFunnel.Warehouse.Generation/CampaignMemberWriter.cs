namespace BrightFunnel.Warehouse.Generation;

/// <summary>
/// CampaignMember.csv, person by person: each contact and lead joins a handful of campaigns running
/// during its lifetime (skewed: a few people are very engaged, many are dormant). A day is drawn
/// first, then a campaign running that day, so one-day events put many members on the same day.
/// Salesforce's rule holds: no campaign has two members with the same ContactId or the same LeadId.
/// A converted lead keeps its own memberships (before the conversion; some also carry the
/// ContactId, as Salesforce fills it in on conversion), and some converted leads and their
/// contacts are both members of one campaign — the canonical layer keeps one touch per person.
/// </summary>
static class CampaignMemberWriter
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "Id", "CampaignId", "ContactId", "LeadId", "Status", "HasResponded", "FirstRespondedDate",
        "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted",
    ];

    public static void Write(TenantPlan plan, CsvWriter csv)
    {
        csv.WriteHeader(Columns);
        new Emitter(plan, csv).Run();
    }

    sealed class Emitter(TenantPlan plan, CsvWriter csv)
    {
        const int MaxPerRecord = 40;
        const double CreatedByCampaignChance = 0.7, SharedCampaignChance = 0.2, LeadRowCarriesContactChance = 0.3, SameDayExtraChance = 0.1;

        readonly Timeline time = plan.Time;
        readonly CampaignCalendar calendar = plan.Calendar;
        readonly char[] id = new char[18];
        readonly int[] usedByLead = new int[2 * MaxPerRecord + 4];
        readonly int[] usedByContact = new int[2 * MaxPerRecord + 4];
        int leadCount, contactCount;
        long next;
        double perDay;
        /// <summary>A converted lead's rows end at its conversion; everyone else's at R.</summary>
        long notAfter;

        public void Run()
        {
            Calibrate();
            notAfter = time.EndTicks - TimeSpan.TicksPerSecond;
            for (var c = 0; c < plan.Contacts; c++)
            {
                var r = Rng.For(plan.Seed, RngStream.MemberRows, c);
                var engagement = Engagement(ref r);
                leadCount = contactCount = 0;
                var contactCreated = plan.ContactCreated[c];
                var conversionDay = time.DayOf(contactCreated);
                var l = plan.ContactLead[c];
                if (l >= 0)
                {
                    var leadCreated = plan.LeadCreated[l];
                    var leadFrom = Math.Max(0, time.DayOf(leadCreated));
                    if (conversionDay >= 0 && conversionDay < Timeline.WindowDays && r.Chance(SharedCampaignChance))
                    {
                        var shared = calendar.Pick(conversionDay, ref r);
                        if (shared >= 0)
                        {
                            var leadDay = r.Between(Math.Max(leadFrom, plan.CampaignStart[shared]), conversionDay);
                            notAfter = contactCreated - TimeSpan.TicksPerSecond;
                            Emit(shared, leadDay, leadCreated, -1, l, ref r);
                            notAfter = time.EndTicks - TimeSpan.TicksPerSecond;
                            var contactDay = r.Between(conversionDay, Math.Min(plan.CampaignEnd[shared], Timeline.WindowDays - 1));
                            Emit(shared, contactDay, contactCreated, c, -1, ref r);
                            usedByLead[leadCount++] = shared;
                            usedByContact[contactCount++] = shared;
                        }
                    }
                    notAfter = contactCreated - TimeSpan.TicksPerSecond;
                    Record(leadFrom, Math.Min(conversionDay, Timeline.WindowDays - 1), leadCreated, c, l, engagement, true, ref r);
                    notAfter = time.EndTicks - TimeSpan.TicksPerSecond;
                }
                Record(Math.Max(0, conversionDay), Timeline.WindowDays - 1, contactCreated, c, -1, engagement, false, ref r);
            }
            for (var l = 0; l < plan.Leads; l++)
            {
                if (plan.LeadKinds[l] == LeadKind.Converted) continue;
                var r = Rng.For(plan.Seed, RngStream.MemberRows, (long)plan.Contacts + l);
                leadCount = contactCount = 0;
                var created = plan.LeadCreated[l];
                Record(Math.Max(0, time.DayOf(created)), Timeline.WindowDays - 1, created, -1, l, Engagement(ref r), true, ref r);
            }
        }

        /// <summary>Members per person-day, so the total lands near the size's target.</summary>
        void Calibrate()
        {
            double personDays = 0, leadsInWindow = 0;
            for (var c = 0; c < plan.Contacts; c++)
                personDays += Timeline.WindowDays - Math.Clamp(time.DayOf(plan.ContactCreated[c]), 0, Timeline.WindowDays);
            for (var l = 0; l < plan.Leads; l++)
            {
                var from = Math.Max(0, time.DayOf(plan.LeadCreated[l]));
                var to = plan.LeadKinds[l] == LeadKind.Converted ? Math.Min(time.DayOf(plan.ContactCreated[plan.LeadRef[l]]), Timeline.WindowDays - 1) : Timeline.WindowDays - 1;
                if (to < from) continue;
                personDays += to - from + 1;
                leadsInWindow++;
            }
            // Same-day extras add rows, draws that find no campaign (or one already joined) lose some:
            // the factor, measured at S, M and L, nets them out.
            var target = plan.Profile.CampaignMembers - CreatedByCampaignChance * 0.9 * leadsInWindow;
            perDay = Math.Max(0, target) / Math.Max(1, personDays) * 0.93;
        }

        static double Engagement(ref Rng r) => r.Chance(0.25) ? 0.15 : 1.25 * r.Exponential();

        /// <summary>The memberships of one contact (<paramref name="lead"/> = -1) or one lead, in days [from, to].</summary>
        void Record(int from, int to, long notBefore, int contact, int lead, double engagement, bool isLead, ref Rng r)
        {
            if (from > to) return;
            var span = to - from + 1;
            var count = Math.Min(MaxPerRecord, r.Poisson(perDay * span * engagement));
            if (isLead && r.Chance(CreatedByCampaignChance))
            {
                // The campaign that brought the lead in: a membership on the day it was created.
                var first = calendar.Pick(from, ref r);
                if (first >= 0 && Take(first, isLead, contact, lead, ref r, out var asContact)) Emit(first, from, notBefore, asContact, lead, ref r);
            }
            for (var i = 0; i < count; i++)
            {
                for (var attempt = 0; attempt < 4; attempt++)
                {
                    var day = from + r.Next(span);
                    var campaign = calendar.Pick(day, ref r);
                    if (campaign < 0 || !Take(campaign, isLead, contact, lead, ref r, out var asContact)) continue;
                    Emit(campaign, day, notBefore, asContact, isLead ? lead : -1, ref r);
                    if (r.Chance(SameDayExtraChance))
                    {
                        // Two touches on one day: a webinar and its follow-up email.
                        var other = calendar.Pick(day, ref r);
                        if (other >= 0 && Take(other, isLead, contact, lead, ref r, out var asContact2)) Emit(other, day, notBefore, asContact2, isLead ? lead : -1, ref r);
                    }
                    break;
                }
            }
        }

        /// <summary>
        /// Claims <paramref name="campaign"/> for this record unless it already is a member. A converted
        /// lead's row sometimes carries its ContactId too; then the contact may not join that campaign again.
        /// </summary>
        bool Take(int campaign, bool isLead, int contact, int lead, ref Rng r, out int asContact)
        {
            asContact = isLead ? -1 : contact;
            if (isLead)
            {
                if (Contains(usedByLead, leadCount, campaign) || leadCount >= usedByLead.Length) return false;
                usedByLead[leadCount++] = campaign;
                if (contact >= 0 && !Contains(usedByContact, contactCount, campaign) && r.Chance(LeadRowCarriesContactChance))
                {
                    asContact = contact;
                    usedByContact[contactCount++] = campaign;
                }
                return true;
            }
            if (Contains(usedByContact, contactCount, campaign) || contactCount >= usedByContact.Length) return false;
            usedByContact[contactCount++] = campaign;
            return true;
        }

        static bool Contains(int[] used, int count, int campaign) => Array.IndexOf(used, campaign, 0, count) >= 0;

        void Emit(int campaign, int day, long notBefore, int contact, int lead, ref Rng r)
        {
            var type = CampaignType.All[plan.CampaignKind[campaign]];
            var created = day <= time.DayOf(notBefore)
                ? Timeline.Between(notBefore + TimeSpan.TicksPerSecond, time.DayStart(day + 1), ref r)
                : time.TimeOn(day, ref r);
            created = Math.Max(Math.Min(created, notAfter), notBefore + TimeSpan.TicksPerSecond);
            var responded = r.Chance(type.RespondChance);
            var respondedDay = responded && !r.Chance(0.01)
                ? Math.Max(time.DayOf(created), Math.Min(day + (r.Chance(0.7) ? 0 : r.Between(1, 7)), time.DayOf(notAfter)))
                : -1;
            var touched = respondedDay >= 0 ? Math.Max(created, time.TimeOn(respondedDay, ref r)) : created;
            var (modified, system) = time.Modstamps(touched, ref r, 30);

            plan.MemberIds.Write(next++, id);
            csv.Plain(id);
            plan.CampaignIds.Write(campaign, id);
            csv.Plain(id);
            if (contact >= 0) { plan.ContactIds.Write(contact, id); csv.Plain(id); } else csv.Null();
            if (lead >= 0) { plan.LeadIds.Write(lead, id); csv.Plain(id); } else csv.Null();
            csv.Field(responded ? r.Pick(type.RespondedStatuses) : r.Pick(type.OtherStatuses));
            csv.Field(responded);
            if (respondedDay >= 0) csv.Field(time.Date(respondedDay)); else csv.Null();
            csv.DateTimeField(created).DateTimeField(modified).DateTimeField(system);
            csv.Field(false);
            csv.EndRecord();
        }
    }
}
