using System.Globalization;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Kpis;

/// <summary>
/// 15 June 2025 (May is the last complete month), with the local radius set to HOM's distance from the district D50,
/// to the last bit, so that a home exactly at the radius is tested as such and not as a rounding accident.
/// </summary>
public sealed class FamilyContactAppFactory() : ClockedAppFactory(new DateTimeOffset(2025, 6, 15, 10, 0, 0, TimeSpan.Zero))
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Measures:LocalRadiusMiles", FamilyContactDataset.Radius.ToString("R", CultureInfo.InvariantCulture))];
}

public abstract class FamilyContactFixtureBase(SharedPostgres? postgres) : AppFixture<FamilyContactAppFactory>(postgres)
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await FamilyContactDataset.SeedAsync(App);
        await App.AddUserAsync("gov-hom", Roles.Governor, "HOM");
        await App.AddUserAsync("staff-hom", Roles.VisitsStaff, "HOM");
        await App.AddUserAsync("gov-far", Roles.Governor, "FAR");
        await App.AddUserAsync("lead", Roles.PathwayLead, null);
    }
}

public sealed class FamilyContactFixture() : FamilyContactFixtureBase(null);

public sealed class PostgresFamilyContactFixture(SharedPostgres postgres) : FamilyContactFixtureBase(postgres);

/// <summary>
/// Family contact and nearer to home in May 2025, every expected value worked out by hand here.
/// <para>
/// Places (all on longitude −1, so distances run due north/south; "D60" is 60 miles north of HOM): HOM (Male local)
/// at 52° N; NEA (Male local) 105 miles north; FAR (Male local) 300 miles south; CLS (Male local) 200 miles south,
/// closed on 1 April 2025; CAT (Male Cat C trainer) 100 miles south; HB (Female) where HOM is and NB (Female) 80 miles
/// north; ZER and CNT (Young offender institution) far away. Radius: HOM to D50 exactly (≈ 50 miles).
/// </para>
/// <para>
/// HOM: S(April) = 25 April {P1, P2, P3, L1-L4} (an earlier one, 10 April {P4}, is not the latest); S(May) = 20 May
/// {P1-P9} (an earlier 5 May {P1} and a counts-only 10 May are not it). Arrivals P4-P9 = 6; visited after 25 April
/// to 31 May: P5 (26 April, in April) and P6 (31 May) = 2 (not P4 on 25 April itself, P7 Official or removed, P8 no-show,
/// P9 on 1 June) → 33.33 %. Leavers L1-L4 = 4; visited after 19 February (20 May − 90 days) to 20 May: L2 (20 Feb) = 1
/// (not L1 on 19 Feb, L3 on 21 May, L4 at NEA) → 25.00 %.
/// Nearer to home: P3, P4, P7 (D60: 60 miles from HOM, 45 from NEA) = 3; not P1 (D40, within), P2 (D50, exactly at
/// the radius: within), P5 (D160: 55 from NEA), P6 (no home), P8 (S70: only CAT, another function, is near), P9 (S170:
/// only CLS, closed, is near).
/// </para>
/// <para>
/// FAR: only S(May) {F1 (D50), F2 (S170)}: family contact "no data"; nearer to home 1: F1, because HOM is exactly at the
/// radius of D50 (equal counts as within). HB: only S(May) {G1 (D50)}: 0, G1's home is exactly at the radius of HB
/// (within), though NB is 30 miles from it. ZER: S(April) {Z1, Z2}, S(May) {Z1}: arrivals 0 (% no data), leavers 1,
/// visited 0 → 0.00 %. CNT: counts-only April, prisoner-level May: "no data".
/// </para>
/// </summary>
public static class FamilyContactDataset
{
    public const double Latitude = 52.0, Longitude = -1.0;

    public static double North(double miles) => Latitude + miles * 180.0 / (Math.PI * GreatCircle.EarthRadiusMiles);

    /// <summary>The local radius: HOM's distance from D50's centroid, as the app computes it.</summary>
    public static double Radius { get; } = GreatCircle.Miles(North(50), Longitude, Latitude, Longitude);

    public static readonly YearMonth May = new(2025, 5);

    public static async Task SeedAsync(AppFactory app)
    {
        var hom = await app.AddEstablishmentAsync("HOM", "West Midlands", "Male local", Latitude, Longitude);
        var nea = await app.AddEstablishmentAsync("NEA", "West Midlands", "Male local", North(105), Longitude);
        var far = await app.AddEstablishmentAsync("FAR", "South West", "Male local", North(-300), Longitude);
        var cls = await app.AddEstablishmentAsync("CLS", "South West", "Male local", North(-200), Longitude);
        await app.AddEstablishmentAsync("CAT", "South West", "Male Cat C trainer", North(-100), Longitude);
        var hb = await app.AddEstablishmentAsync("HB", "West Midlands", "Female", Latitude, Longitude);
        await app.AddEstablishmentAsync("NB", "West Midlands", "Female", North(80), Longitude);
        var zer = await app.AddEstablishmentAsync("ZER", "North East", "Young offender institution", North(1000), Longitude);
        var cnt = await app.AddEstablishmentAsync("CNT", "North East", "Young offender institution", North(1010), Longitude);

        await app.WithDbAsync(async db =>
        {
            (await db.Establishments.FindAsync(cls.Id))!.ClosedOn = new DateOnly(2025, 4, 1);
            db.PostcodeDistricts.AddRange(District("D40", 40), District("D50", 50), District("D60", 60), District("D160", 160),
                District("S70", -70), District("S170", -170));

            db.PopulationSnapshots.AddRange(
                Prisoners(hom.Id, new(2025, 4, 10), ("P4", "D60")),
                Prisoners(hom.Id, new(2025, 4, 25), ("P1", "D40"), ("P2", "D50"), ("P3", "D60"), ("L1", null), ("L2", null), ("L3", null), ("L4", null)),
                Prisoners(hom.Id, new(2025, 5, 5), ("P1", "D40")),
                Counts(hom.Id, new(2025, 5, 10), 500),
                Prisoners(hom.Id, new(2025, 5, 20), ("P1", "D40"), ("P2", "D50"), ("P3", "D60"), ("P4", "D60"), ("P5", "D160"), ("P6", null),
                    ("P7", "D60"), ("P8", "S70"), ("P9", "S170")),
                Prisoners(far.Id, new(2025, 5, 20), ("F1", "D50"), ("F2", "S170")),
                Prisoners(hb.Id, new(2025, 5, 20), ("G1", "D50")),
                Prisoners(zer.Id, new(2025, 4, 30), ("Z1", null), ("Z2", null)),
                Prisoners(zer.Id, new(2025, 5, 31), ("Z1", null)),
                Counts(cnt.Id, new(2025, 4, 30), 10),
                Prisoners(cnt.Id, new(2025, 5, 31), ("C1", null)));

            Visit(hom.Id, new(2025, 4, 25), "P4", SessionType.Social, VisitOutcome.Attended);
            Visit(hom.Id, new(2025, 4, 26), "P5", SessionType.Social, VisitOutcome.Attended);
            Visit(hom.Id, new(2025, 5, 31), "P6", SessionType.EnhancedFamily, VisitOutcome.Attended);
            Visit(hom.Id, new(2025, 5, 10), "P7", SessionType.Official, VisitOutcome.Attended);
            Visit(hom.Id, new(2025, 5, 15), "P7", SessionType.Social, VisitOutcome.Attended, removed: true);
            Visit(hom.Id, new(2025, 5, 12), "P8", SessionType.Social, VisitOutcome.NoShow);
            Visit(hom.Id, new(2025, 6, 1), "P9", SessionType.Video, VisitOutcome.Attended);
            Visit(hom.Id, new(2025, 2, 19), "L1", SessionType.Social, VisitOutcome.Attended);
            Visit(hom.Id, new(2025, 2, 20), "L2", SessionType.Closed, VisitOutcome.Attended);
            Visit(hom.Id, new(2025, 5, 21), "L3", SessionType.Social, VisitOutcome.Attended);
            Visit(nea.Id, new(2025, 5, 20), "L4", SessionType.Social, VisitOutcome.Attended);
            await db.SaveChangesAsync();

            void Visit(int establishmentId, DateOnly date, string prisoner, SessionType type, VisitOutcome outcome, bool removed = false) =>
                db.Visits.Add(NewVisit(establishmentId, date, prisoner, type, outcome, removed));
        });
    }

    /// <summary>An attended visit in a new Social session of its own.</summary>
    public static Visit NewVisit(int establishmentId, DateOnly date, string prisoner, SessionType type = SessionType.Social,
        VisitOutcome outcome = VisitOutcome.Attended, bool removed = false)
    {
        var s = new Session
        {
            EstablishmentId = establishmentId, Start = new(14, 0), End = new(16, 0), Type = type, CapacityVisits = 10, CapacityVisitors = 30,
            Status = SessionStatus.Planned,
        };
        s.SetDate(date);
        return new Visit
        {
            ClientId = Guid.NewGuid(), EstablishmentId = establishmentId, Session = s, Date = date, Month = s.Month, Prisoner = prisoner,
            Adults = 1, Outcome = outcome, Removed = removed, CreatedAt = DateTime.UtcNow,
        };
    }

    private static PostcodeDistrict District(string outcode, double miles) =>
        new() { Outcode = outcode, Latitude = North(miles), Longitude = Longitude, Source = "test" };

    private static PopulationSnapshot Prisoners(int establishmentId, DateOnly date, params (string Prisoner, string? District)[] prisoners) => new()
    {
        EstablishmentId = establishmentId, SnapshotDate = date, Month = YearMonth.Of(date).Key, Kind = PopulationSnapshotKind.PrisonerLevel,
        Population = prisoners.Length, ImportedAt = DateTime.UtcNow,
        Records = prisoners.Select(p => new PopulationRecord
        {
            Prisoner = p.Prisoner, HomeDistrict = p.District, HomeSource = p.District is null ? null : HomeSource.Home,
            UnknownHomeReason = p.District is null ? "no home postcode" : null,
        }).ToList(),
    };

    private static PopulationSnapshot Counts(int establishmentId, DateOnly date, int population) => new()
    {
        EstablishmentId = establishmentId, SnapshotDate = date, Month = YearMonth.Of(date).Key, Kind = PopulationSnapshotKind.CountOnly,
        Population = population, ImportedAt = DateTime.UtcNow,
    };
}
