using VisitsCapture.Core.Domain;

namespace VisitsCapture.UnitTests;

/// <summary>
/// The hand-computed KPI fixture. The integration tests seed exactly this dataset (KpiDataset there) and check that
/// the database queries, the API and the dashboard give the same numbers. Family group "Male Cat C trainer" (G1):
/// AAA, BBB, CCC, DDD from 2025-01 and FFF from 2025-05; "Male local" (G2): EEE from 2025-01, FFF 2025-01 to 2025-04.
/// </summary>
public static class KpiFixture
{
    public const int Aaa = 1, Bbb = 2, Ccc = 3, Ddd = 4, Eee = 5, Fff = 6;
    public const int MaleCatC = 10, MaleLocal = 20;

    /// <summary>
    /// AAA, May 2025. Sessions: 6 May Social (20 places), 13 May EnhancedFamily (10), 20 May Official (8: excluded
    /// from every KPI), 27 May Social (20, cancelled by the establishment: no places, one session lost), 29 May
    /// Video (5). C = 20 + 10 + 5 = 35.
    /// Visits (adults, children): 6 May A1111AA attended (2; 0-4: 1, 12-17: 1), A2222BB attended (1), A3333CC
    /// no-show (2), A4444DD no outcome yet, A9998KK attended but removed; 13 May A1111AA attended again (1; 5-11: 2),
    /// A5555EE attended (2; 0-4: 1); 20 May (Official) A6666FF attended, A7777GG no-show: both excluded; 27 May
    /// A8888HH cancelled by the establishment; 29 May A2222BB attended again (1), A9999JJ no-show.
    /// A = 5; visitors 4 + 1 + 3 + 3 + 1 = 12, children 2 + 2 + 1 = 5; enhanced 2; prisoners visited 3 (A1111AA and
    /// A2222BB counted once each); no-shows 2.
    /// Population: 38 on 1 May (count only) and 42 on 31 May (prisoner level): P = 40. Homes in the 31 May snapshot:
    /// 9 at 10 miles, 10 at 30, 11 at 60, 8 at 120 (38 known), 3 without a postcode and 1 in a district with no known
    /// centroid (4 unknown). Within 50 miles: 19; sum 90 + 300 + 660 + 960 = 2,010 miles; median of 38 = mean of the
    /// 19th and 20th (30 and 60) = 45.
    /// </summary>
    public static KpiCounts AaaMay() => new()
    {
        Population = 40,
        PlacesAvailable = 35,
        VisitsAttended = 5,
        Visitors = 12,
        ChildVisitors = 5,
        EnhancedFamilyVisits = 2,
        PrisonersVisited = 3,
        NoShows = 2,
        SessionsLost = 1,
        KnownHomes = 38,
        UnknownHomes = 4,
        HomesWithinRadius = 19,
        SumDistanceMiles = 2010,
        MedianDistanceMiles = 45,
        HasPrisonerLevelSnapshot = true,
    };

    /// <summary>AAA, April 2025: 8 April Social (40 places); A1111AA (1 adult) and C0001CC (2) attended; 60 prisoners (count only).</summary>
    public static KpiCounts AaaApril() => new() { Population = 60, PlacesAvailable = 40, VisitsAttended = 2, Visitors = 3, PrisonersVisited = 2 };

    /// <summary>BBB, May 2025: 7 May Social (30 places); 3 prisoners attended (1 adult each); 20 prisoners.</summary>
    public static KpiCounts BbbMay() => new() { Population = 20, PlacesAvailable = 30, VisitsAttended = 3, Visitors = 3, PrisonersVisited = 3 };

    /// <summary>CCC, May 2025: its only session (8 May, 10 places) cancelled by the establishment: zero capacity; 25 prisoners.</summary>
    public static KpiCounts CccMay() => new() { Population = 25, SessionsLost = 1 };

    /// <summary>DDD, May 2025: 9 May Social (45 places); 6 prisoners attended (1 adult each); 30 prisoners.</summary>
    public static KpiCounts DddMay() => new() { Population = 30, PlacesAvailable = 45, VisitsAttended = 6, Visitors = 6, PrisonersVisited = 6 };

    /// <summary>FFF, May 2025: 12 May Social (12 places); 4 prisoners attended; no population snapshot.</summary>
    public static KpiCounts FffMay() => new() { PlacesAvailable = 12, VisitsAttended = 4, Visitors = 4, PrisonersVisited = 4 };

    /// <summary>FFF, April 2025: 14 April Social (10 places); 5 prisoners attended; no population snapshot.</summary>
    public static KpiCounts FffApril() => new() { PlacesAvailable = 10, VisitsAttended = 5, Visitors = 5, PrisonersVisited = 5 };

    /// <summary>EEE, April 2025: 15 April Social (20 places); 5 prisoners attended; 50 prisoners.</summary>
    public static KpiCounts EeeApril() => new() { Population = 50, PlacesAvailable = 20, VisitsAttended = 5, Visitors = 5, PrisonersVisited = 5 };

    public static List<FamilyGroupMembership> Memberships() =>
    [
        new() { Id = 1, EstablishmentId = Aaa, FamilyGroupId = MaleCatC, FromMonth = 202501 },
        new() { Id = 2, EstablishmentId = Bbb, FamilyGroupId = MaleCatC, FromMonth = 202501 },
        new() { Id = 3, EstablishmentId = Ccc, FamilyGroupId = MaleCatC, FromMonth = 202501 },
        new() { Id = 4, EstablishmentId = Ddd, FamilyGroupId = MaleCatC, FromMonth = 202501 },
        new() { Id = 5, EstablishmentId = Eee, FamilyGroupId = MaleLocal, FromMonth = 202501 },
        new() { Id = 6, EstablishmentId = Fff, FamilyGroupId = MaleLocal, FromMonth = 202501, ToMonth = 202504 },
        new() { Id = 7, EstablishmentId = Fff, FamilyGroupId = MaleCatC, FromMonth = 202505 },
    ];
}
