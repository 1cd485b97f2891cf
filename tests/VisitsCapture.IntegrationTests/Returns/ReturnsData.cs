using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Returns;

/// <summary>Arranges a month of sessions, visits and population for returns tests, with numbers simple enough to work out by hand.</summary>
public static class ReturnsData
{
    public static async Task<int> GroupAsync(AppFactory app, string name, int fromMonth, params string[] codes) =>
        await app.WithDbAsync(async db =>
        {
            var group = new FamilyGroup { Name = name, Function = "Male local" };
            foreach (var code in codes)
            {
                var e = await db.Establishments.SingleAsync(x => x.Code == code);
                group.Memberships.Add(new FamilyGroupMembership { EstablishmentId = e.Id, FromMonth = fromMonth });
            }
            db.FamilyGroups.Add(group);
            await db.SaveChangesAsync();
            return group.Id;
        });

    public static async Task<int> SessionAsync(AppFactory app, string code, DateOnly date, SessionType type, int capacity,
        SessionStatus status = SessionStatus.Planned, int hour = 10) =>
        await app.WithDbAsync(async db =>
        {
            var e = await db.Establishments.SingleAsync(x => x.Code == code);
            var s = new Session
            {
                EstablishmentId = e.Id, Start = new TimeOnly(hour, 0), End = new TimeOnly(hour + 2, 0), Type = type,
                CapacityVisits = capacity, CapacityVisitors = capacity * 3, Status = status,
            };
            s.SetDate(date);
            db.Sessions.Add(s);
            await db.SaveChangesAsync();
            return s.Id;
        });

    public static async Task<int> VisitAsync(AppFactory app, int sessionId, string prisoner, VisitOutcome? outcome, int adults = 1,
        int children0To4 = 0, int children5To11 = 0, int children12To17 = 0) =>
        await app.WithDbAsync(async db =>
        {
            var s = await db.Sessions.SingleAsync(x => x.Id == sessionId);
            var v = new Visit
            {
                ClientId = Guid.NewGuid(), EstablishmentId = s.EstablishmentId, SessionId = s.Id, Date = s.Date, Month = s.Month,
                Prisoner = prisoner, Outcome = outcome, Adults = adults, Children0To4 = children0To4, Children5To11 = children5To11,
                Children12To17 = children12To17, CreatedAt = DateTime.UtcNow,
            };
            db.Visits.Add(v);
            await db.SaveChangesAsync();
            return v.Id;
        });

    public static async Task PopulationAsync(AppFactory app, string code, DateOnly date, int population) =>
        await app.WithDbAsync(async db =>
        {
            var e = await db.Establishments.SingleAsync(x => x.Code == code);
            db.PopulationSnapshots.Add(new PopulationSnapshot
            {
                EstablishmentId = e.Id, SnapshotDate = date, Month = YearMonth.Of(date).Key, Kind = PopulationSnapshotKind.CountOnly,
                Population = population, ImportedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });

    /// <summary>
    /// <para>{a}, population 200: Social 10 places and EnhancedFamily 6 places (16 available); an Official session (excluded)
    /// and a Social session cancelled by the establishment (1 lost). Attended: A1111AA (2 adults, 1 child 0-4) and
    /// A2222BB (1 adult, 2 children 5-11) in the Social session, A1111AA again (1 adult, 1 child 12-17) in the enhanced
    /// one; A3333CC a no-show; an attended Official visit that must not count. So A = 3, visitors 8, children 4,
    /// enhanced 1, prisoners visited 2, no-shows 1: capacity ratio 0.08, visits per 100 prisoners 1.50, child visitors
    /// per 100 prisoners 2.00, utilisation 18.75%, reach 1.00%, no-show 25.00%.</para>
    /// <para>{b}, population 100: Social 20 places, 4 attended visits by 4 prisoners (1 adult each): capacity ratio 0.20,
    /// visits per 100 prisoners 4.00, utilisation 20.00%, reach 4.00%, no-show 0.00%.</para>
    /// Returns the id of {a}'s no-show visit.
    /// </summary>
    public static async Task<int> MonthAsync(AppFactory app, YearMonth month, string a, string b)
    {
        var d = month.FirstDay;
        await PopulationAsync(app, a, d.AddDays(14), 200);
        var social = await SessionAsync(app, a, d.AddDays(4), SessionType.Social, 10);
        var enhanced = await SessionAsync(app, a, d.AddDays(11), SessionType.EnhancedFamily, 6, hour: 14);
        var official = await SessionAsync(app, a, d.AddDays(5), SessionType.Official, 4);
        await SessionAsync(app, a, d.AddDays(18), SessionType.Social, 10, SessionStatus.CancelledByEstablishment);
        await VisitAsync(app, social, "A1111AA", VisitOutcome.Attended, adults: 2, children0To4: 1);
        await VisitAsync(app, social, "A2222BB", VisitOutcome.Attended, adults: 1, children5To11: 2);
        var noShow = await VisitAsync(app, social, "A3333CC", VisitOutcome.NoShow);
        await VisitAsync(app, enhanced, "A1111AA", VisitOutcome.Attended, adults: 1, children12To17: 1);
        await VisitAsync(app, official, "A4444DD", VisitOutcome.Attended);

        await PopulationAsync(app, b, d.AddDays(14), 100);
        var bSocial = await SessionAsync(app, b, d.AddDays(4), SessionType.Social, 20);
        foreach (var p in new[] { "B1111AA", "B2222BB", "B3333CC", "B4444DD" })
        {
            await VisitAsync(app, bSocial, p, VisitOutcome.Attended);
        }
        return noShow;
    }

    public static Task<List<MonthlyReturn>> ReturnsAsync(AppFactory app) =>
        app.WithDbAsync(db => db.MonthlyReturns.AsNoTracking().Include(r => r.Establishment).OrderBy(r => r.Id).ToListAsync());
}
