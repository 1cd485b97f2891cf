using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Kpis;

/// <summary>The app on a fixed clock: 15 June 2025, 11:00 in London, so the last complete month is May 2025.</summary>
public sealed class KpiAppFactory() : ClockedAppFactory(new DateTimeOffset(2025, 6, 15, 10, 0, 0, TimeSpan.Zero));

/// <summary>
/// Seeds the dataset of the unit tests' KpiFixture (tests/VisitsCapture.UnitTests/KpiFixture.cs: every expected
/// number is derived there, by hand) and signs in one user per role.
/// </summary>
public abstract class KpiDatasetFixtureBase(SharedPostgres? postgres) : AppFixture<KpiAppFactory>(postgres)
{
    public const string CatC = "Male Cat C trainer";
    public const string Local = "Male local";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await KpiDataset.SeedAsync(App);
        await App.AddUserAsync("gov-aaa", Roles.Governor, "AAA");
        await App.AddUserAsync("staff-aaa", Roles.VisitsStaff, "AAA");
        await App.AddUserAsync("gov-bbb", Roles.Governor, "BBB");
        await App.AddUserAsync("lead", Roles.PathwayLead, null);
        await App.AddUserAsync("lead-wm", Roles.PathwayLead, "R:West Midlands");
        await App.AddUserAsync("admin", Roles.Administrator, null);
    }
}

public sealed class KpiDatasetFixture() : KpiDatasetFixtureBase(null);

public sealed class PostgresKpiDatasetFixture(SharedPostgres postgres) : KpiDatasetFixtureBase(postgres);

public static class KpiDataset
{
    /// <summary>AAA's location: homes are placed due north of it, so great-circle miles are exact.</summary>
    public const double Latitude = 52.0, Longitude = -1.0;

    /// <summary>The latitude of a point due north of AAA at this many miles.</summary>
    public static double North(double miles) => Latitude + miles * 180.0 / (Math.PI * 3958.8);

    public static async Task SeedAsync(AppFactory app)
    {
        var aaa = await app.AddEstablishmentAsync("AAA", "West Midlands", "Male Cat C trainer", Latitude, Longitude);
        var bbb = await app.AddEstablishmentAsync("BBB", "West Midlands", "Male Cat C trainer");
        var ccc = await app.AddEstablishmentAsync("CCC", "Wales", "Male Cat C trainer");
        var ddd = await app.AddEstablishmentAsync("DDD", "Wales", "Male Cat C trainer");
        var eee = await app.AddEstablishmentAsync("EEE", "North West", "Male local");
        var fff = await app.AddEstablishmentAsync("FFF", "North West", "Male Cat C trainer");

        await app.WithDbAsync(async db =>
        {
            var catC = new FamilyGroup { Name = KpiDatasetFixture.CatC, Function = "Male Cat C trainer" };
            var local = new FamilyGroup { Name = KpiDatasetFixture.Local, Function = "Male local" };
            db.FamilyGroups.AddRange(catC, local);
            await db.SaveChangesAsync();
            db.FamilyGroupMemberships.AddRange(
                new FamilyGroupMembership { EstablishmentId = aaa.Id, FamilyGroupId = catC.Id, FromMonth = 202501 },
                new FamilyGroupMembership { EstablishmentId = bbb.Id, FamilyGroupId = catC.Id, FromMonth = 202501 },
                new FamilyGroupMembership { EstablishmentId = ccc.Id, FamilyGroupId = catC.Id, FromMonth = 202501 },
                new FamilyGroupMembership { EstablishmentId = ddd.Id, FamilyGroupId = catC.Id, FromMonth = 202501 },
                new FamilyGroupMembership { EstablishmentId = eee.Id, FamilyGroupId = local.Id, FromMonth = 202501 },
                new FamilyGroupMembership { EstablishmentId = fff.Id, FamilyGroupId = local.Id, FromMonth = 202501, ToMonth = 202504 },
                new FamilyGroupMembership { EstablishmentId = fff.Id, FamilyGroupId = catC.Id, FromMonth = 202505 });
            db.PostcodeDistricts.AddRange(
                District("ZZ1", 10), District("ZZ2", 30), District("ZZ3", 60), District("ZZ4", 120));

            // AAA, March: attended visits on 17 March (outside the 90 days before 15 June) and 18 March (inside).
            var m17 = Session(aaa.Id, new(2025, 3, 17), SessionType.Social, 10);
            var m18 = Session(aaa.Id, new(2025, 3, 18), SessionType.Social, 10);
            db.Sessions.AddRange(m17, m18);
            db.Visits.AddRange(Visit(m17, "B0001BB", VisitOutcome.Attended, 1), Visit(m18, "B0002BB", VisitOutcome.Attended, 1));

            // AAA, April: 40 places, 2 attended, 60 prisoners (count only).
            var a8 = Session(aaa.Id, new(2025, 4, 8), SessionType.Social, 40);
            db.Sessions.Add(a8);
            db.Visits.AddRange(Visit(a8, "A1111AA", VisitOutcome.Attended, 1), Visit(a8, "C0001CC", VisitOutcome.Attended, 2));
            db.PopulationSnapshots.Add(Counts(aaa.Id, new(2025, 4, 30), 60));

            // AAA, May (KpiFixture.AaaMay).
            var s1 = Session(aaa.Id, new(2025, 5, 6), SessionType.Social, 20);
            var s2 = Session(aaa.Id, new(2025, 5, 13), SessionType.EnhancedFamily, 10);
            var s3 = Session(aaa.Id, new(2025, 5, 20), SessionType.Official, 8);
            var s4 = Session(aaa.Id, new(2025, 5, 27), SessionType.Social, 20, SessionStatus.CancelledByEstablishment);
            var s5 = Session(aaa.Id, new(2025, 5, 29), SessionType.Video, 5);
            db.Sessions.AddRange(s1, s2, s3, s4, s5);
            db.Visits.AddRange(
                Visit(s1, "A1111AA", VisitOutcome.Attended, 2, c04: 1, c1217: 1),
                Visit(s1, "A2222BB", VisitOutcome.Attended, 1),
                Visit(s1, "A3333CC", VisitOutcome.NoShow, 2),
                Visit(s1, "A4444DD", null, 1),
                Visit(s1, "A9998KK", VisitOutcome.Attended, 3, removed: true),
                Visit(s2, "A1111AA", VisitOutcome.Attended, 1, c511: 2),
                Visit(s2, "A5555EE", VisitOutcome.Attended, 2, c04: 1),
                Visit(s3, "A6666FF", VisitOutcome.Attended, 1),
                Visit(s3, "A7777GG", VisitOutcome.NoShow, 1),
                Visit(s4, "A8888HH", VisitOutcome.CancelledByEstablishment, 2),
                Visit(s5, "A2222BB", VisitOutcome.Attended, 1),
                Visit(s5, "A9999JJ", VisitOutcome.NoShow, 1));
            db.PopulationSnapshots.Add(Counts(aaa.Id, new(2025, 5, 1), 38));
            db.PopulationSnapshots.Add(AaaPrisoners(aaa.Id));

            // BBB, CCC, DDD, FFF in May; FFF and EEE in April.
            var b = Session(bbb.Id, new(2025, 5, 7), SessionType.Social, 30);
            db.Sessions.Add(b);
            db.Visits.AddRange(Attended(b, "D", 3));
            db.PopulationSnapshots.Add(Counts(bbb.Id, new(2025, 5, 31), 20));

            db.Sessions.Add(Session(ccc.Id, new(2025, 5, 8), SessionType.Social, 10, SessionStatus.CancelledByEstablishment));
            db.PopulationSnapshots.Add(Counts(ccc.Id, new(2025, 5, 31), 25));

            var d = Session(ddd.Id, new(2025, 5, 9), SessionType.Social, 45);
            db.Sessions.Add(d);
            db.Visits.AddRange(Attended(d, "E", 6));
            db.PopulationSnapshots.Add(Counts(ddd.Id, new(2025, 5, 31), 30));

            var fMay = Session(fff.Id, new(2025, 5, 12), SessionType.Social, 12);
            var fApril = Session(fff.Id, new(2025, 4, 14), SessionType.Social, 10);
            db.Sessions.AddRange(fMay, fApril);
            db.Visits.AddRange(Attended(fMay, "F", 4));
            db.Visits.AddRange(Attended(fApril, "F", 5));

            var eApril = Session(eee.Id, new(2025, 4, 15), SessionType.Social, 20);
            db.Sessions.Add(eApril);
            db.Visits.AddRange(Attended(eApril, "G", 5));
            db.PopulationSnapshots.Add(Counts(eee.Id, new(2025, 4, 30), 50));

            db.Targets.AddRange(
                new KpiTarget { Kpi = Kpi.CapacityRatio, EstablishmentId = aaa.Id, BaselineValue = 0.6, BaselineDate = new(2025, 4, 1), TargetValue = 1.0, TargetDate = new(2026, 3, 31) },
                new KpiTarget { Kpi = Kpi.CapacityRatio, FamilyGroupId = catC.Id, TargetValue = 0.8, TargetDate = new(2026, 3, 31) },
                new KpiTarget { Kpi = Kpi.VisitsPer100Prisoners, FamilyGroupId = catC.Id, TargetValue = 13.0, TargetDate = new(2026, 3, 31), AmberTolerance = 1.0 },
                new KpiTarget { Kpi = Kpi.NoShowPct, EstablishmentId = aaa.Id, TargetValue = 25, TargetDate = new(2025, 12, 31), AmberTolerance = 5 });
            await db.SaveChangesAsync();
        });
    }

    /// <summary>AAA's 42 prisoners on 31 May: A1111AA, A2222BB, A5555EE, A6666FF, B0001BB, B0002BB and H0001HH-H0036HH.</summary>
    public static IReadOnlyList<string> AaaPrisonerNumbers { get; } =
        [.. new[] { "A1111AA", "A2222BB", "A5555EE", "A6666FF", "B0001BB", "B0002BB" }, .. Enumerable.Range(1, 36).Select(i => $"H{i:D4}HH")];

    private static PopulationSnapshot AaaPrisoners(int establishmentId)
    {
        // Homes: 9 at 10 miles (ZZ1), 10 at 30 (ZZ2), 11 at 60 (ZZ3), 8 at 120 (ZZ4), 3 without a postcode, 1 in ZZ9 (no centroid).
        string?[] districts = [.. Enumerable.Repeat("ZZ1", 9), .. Enumerable.Repeat("ZZ2", 10), .. Enumerable.Repeat("ZZ3", 11),
            .. Enumerable.Repeat("ZZ4", 8), null, null, null, "ZZ9"];
        var records = AaaPrisonerNumbers.Select((p, i) => new PopulationRecord
        {
            Prisoner = p,
            HomeDistrict = districts[i],
            HomeSource = districts[i] is null ? null : HomeSource.Home,
            UnknownHomeReason = districts[i] is null ? "no home postcode" : null,
        }).ToList();
        return new PopulationSnapshot
        {
            EstablishmentId = establishmentId, SnapshotDate = new(2025, 5, 31), Month = 202505, Kind = PopulationSnapshotKind.PrisonerLevel,
            Population = records.Count, ImportedAt = DateTime.UtcNow, Records = records,
        };
    }

    private static PostcodeDistrict District(string outcode, double miles) =>
        new() { Outcode = outcode, Latitude = North(miles), Longitude = Longitude, Source = "test" };

    private static Session Session(int establishmentId, DateOnly date, SessionType type, int places, SessionStatus status = SessionStatus.Planned)
    {
        var s = new Session
        {
            EstablishmentId = establishmentId, Start = new(14, 0), End = new(16, 0), Type = type,
            CapacityVisits = places, CapacityVisitors = places * 3, Status = status,
            CancellationReason = status == SessionStatus.CancelledByEstablishment ? "Staff shortage" : null,
        };
        s.SetDate(date);
        return s;
    }

    private static Visit Visit(Session s, string prisoner, VisitOutcome? outcome, int adults, int c04 = 0, int c511 = 0, int c1217 = 0, bool removed = false) => new()
    {
        ClientId = Guid.NewGuid(), EstablishmentId = s.EstablishmentId, Session = s, Date = s.Date, Month = s.Month, Prisoner = prisoner,
        Adults = adults, Children0To4 = c04, Children5To11 = c511, Children12To17 = c1217, Outcome = outcome, Removed = removed,
        CreatedAt = DateTime.UtcNow,
    };

    private static IEnumerable<Visit> Attended(Session s, string letter, int count) =>
        Enumerable.Range(1, count).Select(i => Visit(s, $"{letter}{i:D4}{letter}{letter}", VisitOutcome.Attended, 1));

    private static PopulationSnapshot Counts(int establishmentId, DateOnly date, int population) => new()
    {
        EstablishmentId = establishmentId, SnapshotDate = date, Month = YearMonth.Of(date).Key, Kind = PopulationSnapshotKind.CountOnly,
        Population = population, ImportedAt = DateTime.UtcNow,
    };
}
