using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Core.Measures;
using VisitsCapture.Web.Imports;

namespace VisitsCapture.Web.Demo;

/// <summary>Rows written by the demo, for the progress lines and docs/performance.md.</summary>
public sealed class DemoCounts
{
    public int Prisons { get; set; }
    public long Templates { get; set; }
    public long Sessions { get; set; }
    public long Visits { get; set; }
    public long Snapshots { get; set; }
    public long PopulationRecords { get; set; }
    public int Prisoners { get; set; }
}

/// <summary>
/// Synthesises plausible activity for every establishment over whole months: weekly session templates and the
/// sessions they generate (a few cancelled by the establishment), visits with realistic outcomes and visitors,
/// and prisoner-level population snapshots on the 1st of each month, with a population that turns over a few
/// per cent a month and home districts drawn with a distance decay around each prison. Everything comes from
/// seeded random numbers, so the same database, scale and months always give the same demo.
/// </summary>
internal sealed class DemoActivity(VisitsDbContext db, double scale, YearMonth first, YearMonth last, TextWriter output)
{
    public const int Seed = 20_250_401;
    private const string DemoActor = "demo seed";

    private static readonly string[] CancellationReasons =
        ["Staff shortage", "Security incident", "Prison-wide lockdown", "Visits hall maintenance", "Severe weather"];

    private readonly HashSet<string> _prisonNumbers = new(StringComparer.Ordinal);

    public DemoCounts Counts { get; } = new();

    public async Task WriteAsync(CancellationToken ct)
    {
        var prisons = await db.Establishments.AsNoTracking().OrderBy(e => e.Code)
            .Select(e => new Prison(e.Id, e.Code, e.Function, e.Latitude ?? 0, e.Longitude ?? 0))
            .ToListAsync(ct);
        // Prisons of England and Wales hold people from England and Wales, save the odd far-away home.
        var districts = await db.PostcodeDistricts.AsNoTracking()
            .Where(d => d.Country == "England" || d.Country == "Wales")
            .OrderBy(d => d.Outcode)
            .Select(d => new District(d.Outcode, d.Latitude, d.Longitude))
            .ToListAsync(ct);
        if (districts.Count == 0)
        {
            throw new InvalidOperationException("Demo seed needs the postcode districts of England and Wales; none were imported.");
        }

        await using var templates = new BulkWriter<SessionTemplate>(db);
        await using var sessions = new BulkWriter<Session>(db);
        await using var visits = new BulkWriter<Visit>(db);
        await using var snapshots = new BulkWriter<PopulationSnapshot>(db);
        await using var records = new BulkWriter<PopulationRecord>(db);
        var clock = Stopwatch.StartNew();
        foreach (var prison in prisons)
        {
            var rng = new Random(Seed ^ StableHash(prison.Code));
            var profile = PrisonProfile.For(prison.Function);
            var size = Math.Max(8, (int)Math.Round(profile.Population * (0.75 + 0.5 * rng.NextDouble()) * scale));
            var homes = new HomeSampler(districts, prison, profile);
            var population = SimulatePopulation(rng, size, profile, homes);

            await WriteSnapshotsAsync(prison, population, snapshots, records, ct);
            var prisonTemplates = Templates(prison, profile, size, rng);
            foreach (var t in prisonTemplates)
            {
                await templates.AddAsync(t, ct);
            }
            await templates.FlushAsync(ct);
            var templateIds = await db.SessionTemplates.AsNoTracking().Where(t => t.EstablishmentId == prison.Id)
                .ToDictionaryAsync(t => (t.DayOfWeek, t.Start), t => t.Id, ct);
            var prisonSessions = Sessions(prison, prisonTemplates, templateIds, profile, size, rng);
            foreach (var s in prisonSessions)
            {
                await sessions.AddAsync(s, ct);
            }
            await sessions.FlushAsync(ct);
            var sessionIds = await db.Sessions.AsNoTracking().Where(s => s.EstablishmentId == prison.Id)
                .ToDictionaryAsync(s => (s.Date, s.Start), s => s.Id, ct);
            await WriteVisitsAsync(prison, prisonSessions, sessionIds, population, homes, visits, rng, ct);

            Counts.Prisons++;
            if (Counts.Prisons % 25 == 0 || Counts.Prisons == prisons.Count)
            {
                await visits.FlushAsync(ct);
                await output.WriteLineAsync($"  {Counts.Prisons}/{prisons.Count} prisons: {visits.Written:N0} visits so far ({clock.Elapsed.TotalSeconds:F1} s)");
            }
        }
        await visits.FlushAsync(ct);
        await records.FlushAsync(ct);
        Counts.Templates = templates.Written;
        Counts.Sessions = sessions.Written;
        Counts.Visits = visits.Written;
        Counts.Snapshots = snapshots.Written;
        Counts.PopulationRecords = records.Written;
        Counts.Prisoners = _prisonNumbers.Count;
    }

    /// <summary>The population on the 1st of each month: a stable core, with a few per cent leaving and arriving each month.</summary>
    private List<Prisoner>[] SimulatePopulation(Random rng, int size, PrisonProfile profile, HomeSampler homes)
    {
        var months = MonthCount;
        var result = new List<Prisoner>[months];
        var current = Enumerable.Range(0, size).Select(_ => NewPrisoner(rng, homes, visitedBefore: rng.NextDouble() < 0.85)).ToList();
        for (var m = 0; m < months; m++)
        {
            result[m] = [.. current];
            var leaving = (int)Math.Round(current.Count * profile.MonthlyTurnover * (0.7 + 0.6 * rng.NextDouble()));
            for (var i = 0; i < leaving && current.Count > 0; i++)
            {
                current.RemoveAt(rng.Next(current.Count));
            }
            // Arrivals keep the population within a few per cent of its usual size.
            var arriving = Math.Max(0, (int)Math.Round(size * (0.97 + 0.06 * rng.NextDouble())) - current.Count);
            for (var i = 0; i < arriving; i++)
            {
                current.Add(NewPrisoner(rng, homes, visitedBefore: false));
            }
        }
        return result;
    }

    private Prisoner NewPrisoner(Random rng, HomeSampler homes, bool visitedBefore)
    {
        string number;
        do
        {
            // Prison numbers look like A1234BC.
            number = $"{(char)('A' + rng.Next(26))}{rng.Next(10_000):D4}{(char)('A' + rng.Next(26))}{(char)('A' + rng.Next(26))}";
        }
        while (!_prisonNumbers.Add(number));

        if (rng.NextDouble() < 0.03)
        {
            return new Prisoner(number, null, null, rng.NextDouble() < 0.5 ? 0 : 1 + rng.Next(3)) { VisitedBefore = visitedBefore };
        }
        var home = homes.Draw(rng);
        var source = rng.NextDouble() switch
        {
            < 0.88 => HomeSource.Home,
            < 0.94 => HomeSource.Court,
            < 0.98 => HomeSource.NextOfKin,
            _ => HomeSource.Discharge,
        };
        // Families far away visit less often: more prisoners held far from home get no visits at all.
        var noVisits = 0.3 + 0.3 * Math.Min(1, home.Miles / 150);
        var weight = rng.NextDouble() < noVisits ? 0 : 1 + rng.Next(3);
        return new Prisoner(number, home.District.Outcode, source, weight) { VisitedBefore = visitedBefore };
    }

    private async Task WriteSnapshotsAsync(Prison prison, List<Prisoner>[] population, BulkWriter<PopulationSnapshot> snapshots,
        BulkWriter<PopulationRecord> records, CancellationToken ct)
    {
        for (var m = 0; m < population.Length; m++)
        {
            var month = first.AddMonths(m);
            await snapshots.AddAsync(new PopulationSnapshot
            {
                EstablishmentId = prison.Id,
                SnapshotDate = month.FirstDay,
                Month = month.Key,
                Kind = PopulationSnapshotKind.PrisonerLevel,
                Population = population[m].Count,
                ImportedAt = LondonTime.ToUtc(month.FirstDay, new TimeOnly(7, 0)),
            }, ct);
        }
        await snapshots.FlushAsync(ct);
        var ids = await db.PopulationSnapshots.AsNoTracking().Where(s => s.EstablishmentId == prison.Id)
            .ToDictionaryAsync(s => s.Month, s => s.Id, ct);
        for (var m = 0; m < population.Length; m++)
        {
            var snapshotId = ids[first.AddMonths(m).Key];
            foreach (var p in population[m])
            {
                await records.AddAsync(new PopulationRecord
                {
                    SnapshotId = snapshotId,
                    Prisoner = p.Number,
                    HomeDistrict = p.HomeDistrict,
                    HomeSource = p.HomeSource,
                    UnknownHomeReason = p.HomeDistrict is null ? "No home address, court or next of kin postcode recorded" : null,
                }, ct);
            }
        }
    }

    /// <summary>
    /// A weekly timetable: social visits on most afternoons and a Saturday morning, a video session, legal visits
    /// twice a week and, where the regime needs them, closed visits. Capacities follow the population.
    /// </summary>
    private List<SessionTemplate> Templates(Prison prison, PrisonProfile profile, int size, Random rng)
    {
        var socialSlots = new List<(DayOfWeek Day, int Hour, int Minute)>
        {
            (DayOfWeek.Tuesday, 14, 0), (DayOfWeek.Thursday, 14, 0), (DayOfWeek.Saturday, 9, 30), (DayOfWeek.Saturday, 14, 0), (DayOfWeek.Sunday, 14, 0),
        };
        if (rng.NextDouble() < 0.5)
        {
            socialSlots.Add((DayOfWeek.Wednesday, 14, 0));
        }
        if (rng.NextDouble() < 0.3)
        {
            socialSlots.Add((DayOfWeek.Friday, 18, 0));
        }
        var weeklyPlaces = size * profile.WeeklyPlacesPerPrisoner * (0.85 + 0.3 * rng.NextDouble());
        var social = Math.Max(1, (int)Math.Round(weeklyPlaces * 0.9 / socialSlots.Count));
        var video = Math.Max(1, (int)Math.Round(weeklyPlaces * 0.1));
        var official = Math.Max(1, (int)Math.Round(size * 0.02));

        var list = socialSlots.Select(s => Template(prison, s.Day, new TimeOnly(s.Hour, s.Minute), 120, SessionType.Social, social, rng)).ToList();
        list.Add(Template(prison, DayOfWeek.Wednesday, new TimeOnly(10, 0), 60, SessionType.Video, video, rng));
        list.Add(Template(prison, DayOfWeek.Monday, new TimeOnly(9, 30), 120, SessionType.Official, official, rng));
        list.Add(Template(prison, DayOfWeek.Friday, new TimeOnly(9, 30), 120, SessionType.Official, official, rng));
        if (prison.Function is PrisonFunctions.MaleLocal or PrisonFunctions.HighSecurity)
        {
            list.Add(Template(prison, DayOfWeek.Thursday, new TimeOnly(10, 0), 60, SessionType.Closed, Math.Max(1, (int)Math.Round(size * 0.005)), rng));
        }
        return list;
    }

    private SessionTemplate Template(Prison prison, DayOfWeek day, TimeOnly start, int minutes, SessionType type, int capacity, Random rng) => new()
    {
        EstablishmentId = prison.Id,
        DayOfWeek = day,
        Start = start,
        End = start.AddMinutes(minutes),
        Type = type,
        CapacityVisits = capacity,
        CapacityVisitors = type == SessionType.Official ? capacity * 2 : capacity * 3,
        ValidFrom = first.FirstDay,
        Version = NewGuid(rng),
    };

    /// <summary>Every templated session of the months, a monthly enhanced family visit (a one-off), and a few cancellations.</summary>
    private List<Session> Sessions(Prison prison, List<SessionTemplate> templates, Dictionary<(DayOfWeek, TimeOnly), int> templateIds,
        PrisonProfile profile, int size, Random rng)
    {
        var list = new List<Session>();
        var familyCapacity = Math.Max(1, (int)Math.Round(size * profile.WeeklyPlacesPerPrisoner * 0.08));
        var boostFrom = DemoInterventions.BoostFrom(prison.Code, first);
        var extraCapacity = templates.Where(t => t.Type == SessionType.Social).Select(t => t.CapacityVisits).DefaultIfEmpty(1).Max();
        for (var date = first.FirstDay; date <= last.LastDay; date = date.AddDays(1))
        {
            if (date is { Month: 12, Day: 25 })
            {
                continue;
            }
            foreach (var t in templates.Where(t => t.AppliesOn(date)))
            {
                list.Add(NewSession(prison, date, t.Start, t.End, t.Type, t.CapacityVisits, t.CapacityVisitors, templateIds[(t.DayOfWeek, t.Start)], rng));
            }
            // After an intervention with an effect (DemoInterventions): two more social sessions each weekend, as
            // large as the largest templated one; its comparators carry on as before.
            if (boostFrom is { } from && date >= from && date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                list.Add(NewSession(prison, date, new TimeOnly(16, 30), new TimeOnly(18, 30), SessionType.Social, extraCapacity, extraCapacity * 3, null, rng));
            }
            // Family days: the last Sunday morning of each month.
            if (date.DayOfWeek == DayOfWeek.Sunday && date.AddDays(7).Month != date.Month)
            {
                list.Add(NewSession(prison, date, new TimeOnly(10, 0), new TimeOnly(12, 30), SessionType.EnhancedFamily, familyCapacity, familyCapacity * 4, null, rng));
            }
        }
        return list;
    }

    private static Session NewSession(Prison prison, DateOnly date, TimeOnly start, TimeOnly end, SessionType type, int visits, int visitors, int? templateId, Random rng)
    {
        var cancelled = rng.NextDouble() < 0.015;
        var session = new Session
        {
            EstablishmentId = prison.Id,
            Start = start,
            End = end,
            Type = type,
            CapacityVisits = visits,
            CapacityVisitors = visitors,
            Status = cancelled ? SessionStatus.CancelledByEstablishment : SessionStatus.Planned,
            CancellationReason = cancelled ? CancellationReasons[rng.Next(CancellationReasons.Length)] : null,
            TemplateId = templateId,
            OneOff = templateId is null,
            Version = NewGuid(rng),
        };
        session.SetDate(date);
        return session;
    }

    private async Task WriteVisitsAsync(Prison prison, List<Session> sessions, Dictionary<(DateOnly, TimeOnly), int> sessionIds,
        List<Prisoner>[] population, HomeSampler homes, BulkWriter<Visit> visits, Random rng, CancellationToken ct)
    {
        var noShowRate = 0.05 + 0.06 * rng.NextDouble();
        var monthIndex = -1;
        List<Prisoner> visited = [];
        List<Prisoner> everyone = [];
        foreach (var session in sessions)
        {
            var m = (session.Date.Year - first.Year) * 12 + session.Date.Month - first.Month;
            if (m != monthIndex)
            {
                monthIndex = m;
                everyone = population[m];
                // A prisoner with weight w is w times as likely to be the one visited.
                visited = everyone.SelectMany(p => Enumerable.Repeat(p, p.VisitWeight)).ToList();
            }
            var official = session.Type == SessionType.Official;
            var pool = official ? everyone : visited;
            if (pool.Count == 0)
            {
                continue;
            }
            var fill = session.Type switch
            {
                SessionType.EnhancedFamily => 0.8 + 0.2 * rng.NextDouble(),
                SessionType.Official or SessionType.Video => 0.5 + 0.4 * rng.NextDouble(),
                _ => (session.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.8 : 0.65) + 0.2 * rng.NextDouble(),
            };
            var booked = (int)Math.Round(session.CapacityVisits * fill * (session.IsCancelled ? 0.6 : 1));
            var sessionId = sessionIds[(session.Date, session.Start)];
            var table = 0;
            var inSession = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < booked; i++)
            {
                var prisoner = pool[rng.Next(pool.Count)];
                if (!inSession.Add(prisoner.Number))
                {
                    continue;
                }
                var outcome = session.IsCancelled ? VisitOutcome.CancelledByEstablishment : Outcome(rng, noShowRate);
                var visit = NewVisit(prison, session, sessionId, prisoner, outcome, rng);
                if (outcome is VisitOutcome.Attended or VisitOutcome.Terminated)
                {
                    visit.TableNumber = (++table).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    visit.ArrivedAt = session.Start.AddMinutes(rng.Next(25));
                    visit.EndedAt = outcome == VisitOutcome.Attended ? session.End : visit.ArrivedAt.Value.AddMinutes(10 + rng.Next(40));
                }
                await visits.AddAsync(visit, ct);
            }
        }
    }

    private static VisitOutcome Outcome(Random rng, double noShowRate) => rng.NextDouble() switch
    {
        var r when r < noShowRate => VisitOutcome.NoShow,
        var r when r < noShowRate + 0.065 => VisitOutcome.CancelledByVisitor,
        var r when r < noShowRate + 0.075 => VisitOutcome.RefusedEntry,
        var r when r < noShowRate + 0.08 => VisitOutcome.Terminated,
        _ => VisitOutcome.Attended,
    };

    private static Visit NewVisit(Prison prison, Session session, int sessionId, Prisoner prisoner, VisitOutcome outcome, Random rng)
    {
        var visit = new Visit
        {
            ClientId = NewGuid(rng),
            EstablishmentId = prison.Id,
            SessionId = sessionId,
            Date = session.Date,
            Month = session.Month,
            Prisoner = prisoner.Number,
            Outcome = outcome,
            CreatedAt = LondonTime.ToUtc(session.Date, session.Start).AddMinutes(rng.Next(30)),
            CreatedBy = DemoActor,
            Version = NewGuid(rng),
        };
        if (session.Type == SessionType.Official)
        {
            visit.Adults = rng.NextDouble() < 0.8 ? 1 : 2;
            visit.Relationship = Relationship.Professional;
            return visit;
        }

        visit.Adults = rng.NextDouble() switch { < 0.5 => 1, < 0.9 => 2, _ => 3 };
        var childChance = session.Type == SessionType.EnhancedFamily ? 0.95 : 0.45;
        if (rng.NextDouble() < childChance)
        {
            for (var c = 1 + rng.Next(3); c > 0; c--)
            {
                switch (rng.Next(3))
                {
                    case 0: visit.Children0To4++; break;
                    case 1: visit.Children5To11++; break;
                    default: visit.Children12To17++; break;
                }
            }
        }
        visit.Relationship = rng.NextDouble() switch
        {
            < 0.35 => Relationship.Partner,
            < 0.60 => Relationship.Parent,
            < 0.70 => Relationship.Sibling,
            < 0.78 => Relationship.Child,
            < 0.83 => Relationship.Grandparent,
            < 0.91 => Relationship.OtherFamily,
            _ => Relationship.Friend,
        };
        if (outcome == VisitOutcome.Attended && !prisoner.VisitedBefore)
        {
            visit.FirstVisit = true;
            prisoner.VisitedBefore = true;
        }
        // Visitors are asked their district on some visits: usually the prisoner's home district.
        if (prisoner.HomeDistrict is not null && rng.NextDouble() < 0.35)
        {
            visit.VisitorDistrict = prisoner.HomeDistrict;
        }
        return visit;
    }

    private int MonthCount => (last.Year - first.Year) * 12 + last.Month - first.Month + 1;

    private static Guid NewGuid(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        bytes[7] = (byte)(0x40 | (bytes[7] & 0x0F)); // version 4
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // RFC 4122 variant
        return new Guid(bytes);
    }

    /// <summary>FNV-1a: string.GetHashCode differs between processes, and the demo must not.</summary>
    internal static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)hash;
    }

    private sealed record Prison(int Id, string Code, string Function, double Latitude, double Longitude);

    private sealed record District(string Outcode, double Latitude, double Longitude);

    private sealed class Prisoner(string number, string? homeDistrict, HomeSource? homeSource, int visitWeight)
    {
        public string Number { get; } = number;
        public string? HomeDistrict { get; } = homeDistrict;
        public HomeSource? HomeSource { get; } = homeSource;
        public int VisitWeight { get; } = visitWeight;

        /// <summary>Whether the prisoner has had a visit here before: the next attended one is not a first visit.</summary>
        public bool VisitedBefore { get; set; }
    }

    /// <summary>
    /// Draws home districts around a prison: most from a local exponential decay with distance (the catchment),
    /// a share from a much wider one (people held far from home).
    /// </summary>
    private sealed class HomeSampler
    {
        private const double FarDecayMiles = 200;
        private readonly List<District> _districts;
        private readonly double[] _miles;
        private readonly double[] _local;
        private readonly double[] _far;
        private readonly double _farShare;

        public HomeSampler(List<District> districts, Prison prison, PrisonProfile profile)
        {
            _districts = districts;
            _farShare = profile.FarShare;
            _miles = districts.Select(d => GreatCircle.Miles(prison.Latitude, prison.Longitude, d.Latitude, d.Longitude)).ToArray();
            _local = Cumulative(_miles.Select(m => Math.Exp(-m / profile.CatchmentMiles)));
            _far = Cumulative(_miles.Select(m => Math.Exp(-m / FarDecayMiles)));
        }

        public (District District, double Miles) Draw(Random rng)
        {
            var cumulative = rng.NextDouble() < _farShare ? _far : _local;
            var target = rng.NextDouble() * cumulative[^1];
            var i = Array.BinarySearch(cumulative, target);
            i = Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
            return (_districts[i], _miles[i]);
        }

        private static double[] Cumulative(IEnumerable<double> weights)
        {
            var sum = 0.0;
            return weights.Select(w => sum += w).ToArray();
        }
    }
}

/// <summary>
/// Plausible figures by function, at national scale: usual population, monthly turnover, how far homes spread
/// (catchment decay in miles and the share drawn from far away), and weekly social visit places per prisoner.
/// </summary>
internal sealed record PrisonProfile(int Population, double MonthlyTurnover, double CatchmentMiles, double FarShare, double WeeklyPlacesPerPrisoner)
{
    public static PrisonProfile For(string function) => function switch
    {
        PrisonFunctions.MaleLocal => new(900, 0.12, 15, 0.12, 0.6),
        PrisonFunctions.MaleCatBTrainer => new(800, 0.05, 30, 0.22, 0.55),
        PrisonFunctions.MaleCatCTrainer => new(800, 0.06, 28, 0.2, 0.55),
        PrisonFunctions.MaleOpen => new(400, 0.07, 35, 0.2, 0.4),
        PrisonFunctions.Female => new(330, 0.09, 40, 0.28, 0.7),
        PrisonFunctions.HighSecurity => new(650, 0.02, 50, 0.35, 0.5),
        PrisonFunctions.YoungOffenderInstitution => new(450, 0.08, 30, 0.25, 0.6),
        PrisonFunctions.ChildrenAndYoungPeople => new(90, 0.12, 35, 0.3, 0.9),
        PrisonFunctions.ImmigrationRemovalCentre => new(350, 0.2, 120, 0.5, 0.4),
        _ => new(600, 0.06, 28, 0.2, 0.55),
    };
}
