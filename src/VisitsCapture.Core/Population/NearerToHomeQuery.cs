using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Population;

/// <summary>A prisoner who could be held nearer to home: miles from home here, and the establishments within the radius of it (nearest first).</summary>
public sealed record NearerToHomeCase(string Prisoner, double Miles, IReadOnlyList<NearerEstablishment> Nearer);

public sealed record NearerEstablishment(string Code, string Name);

/// <summary>The governor's list for a month: its latest prisoner-level snapshot's nearer-to-home cases (none without a snapshot).</summary>
public sealed record NearerToHomeList(YearMonth Month, DateOnly? SnapshotDate, double RadiusMiles, IReadOnlyList<NearerToHomeCase> Cases);

/// <summary>
/// Nearer to home (DESIGN.md) for the latest prisoner-level snapshots of a month: each prisoner whose known home is
/// farther than the local radius from the holding establishment (as located on the snapshot date, as for the PLI)
/// while another establishment of the same function, open in the month (with its attributes at the month's end),
/// lies within the radius of the home (<see cref="NearerToHome.Alternatives(double, string, IReadOnlyList{string}, double)"/>).
/// The establishments near a home are worked out once per home district and function, not per prisoner.
/// </summary>
public sealed class NearerToHomeQuery(VisitsDbContext db, HomeDistances homes, PostcodeDistrictTable districts, IOptions<MeasuresOptions> options)
{
    /// <summary>
    /// The nearer-to-home count of each establishment, by the id of its latest prisoner-level snapshot in the month, from
    /// the snapshots' distances the caller has already worked out (the month's KPI counts share them with the PLI).
    /// </summary>
    public async Task<IReadOnlyDictionary<int, int>> CountsAsync(YearMonth month, IReadOnlyDictionary<int, IReadOnlyList<PrisonerHome>> distances, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(distances);
        var (cases, _) = await CasesAsync(month, distances, ct);
        return cases.ToDictionary(c => c.Key, c => c.Value.Count);
    }

    /// <summary>
    /// The establishment's cases in the month (its latest prisoner-level snapshot in it), by prison number; without a
    /// month, in the latest month with a prisoner-level snapshot (null when there is none).
    /// </summary>
    public async Task<NearerToHomeList?> ForAsync(int establishmentId, YearMonth? month, CancellationToken ct)
    {
        var snapshots = db.PopulationSnapshots.AsNoTracking()
            .Where(s => s.EstablishmentId == establishmentId && s.Kind == PopulationSnapshotKind.PrisonerLevel);
        if (month is { } m)
        {
            snapshots = snapshots.Where(s => s.Month == m.Key);
        }
        var snapshot = await snapshots.OrderByDescending(s => s.SnapshotDate)
            .Select(s => new { s.Id, s.SnapshotDate })
            .FirstOrDefaultAsync(ct);
        var radius = options.Value.LocalRadiusMiles;
        if (snapshot is null)
        {
            return month is { } none ? new NearerToHomeList(none, null, radius, []) : null;
        }
        var shown = YearMonth.Of(snapshot.SnapshotDate);
        var (cases, names) = await CasesAsync(shown, await homes.ForSnapshotsAsync([snapshot.Id], ct), ct);
        return new NearerToHomeList(shown, snapshot.SnapshotDate, radius, (cases.GetValueOrDefault(snapshot.Id) ?? [])
            .OrderBy(c => c.Prisoner, StringComparer.Ordinal)
            .Select(c => new NearerToHomeCase(c.Prisoner, c.Miles, c.Nearer.Select(code => new NearerEstablishment(code, names[code])).ToList()))
            .ToList());
    }

    private sealed record Case(string Prisoner, double Miles, IReadOnlyList<string> Nearer);

    /// <summary>The cases of each snapshot (the codes of the establishments nearer to home), and the names of those establishments by code.</summary>
    /// <param name="distances">The snapshots' prisoners with their distances (HomeDistances), by snapshot id.</param>
    private async Task<(Dictionary<int, List<Case>> Cases, Dictionary<string, string> Names)> CasesAsync(
        YearMonth month, IReadOnlyDictionary<int, IReadOnlyList<PrisonerHome>> distances, CancellationToken ct)
    {
        var result = new Dictionary<int, List<Case>>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var snapshotIds = distances.Keys.ToList();
        if (snapshotIds.Count == 0)
        {
            return (result, names);
        }
        var radius = options.Value.LocalRadiusMiles;
        var snapshots = await db.PopulationSnapshots.AsNoTracking()
            .Where(s => snapshotIds.Contains(s.Id))
            .Select(s => new { s.Id, s.EstablishmentId, s.SnapshotDate })
            .ToListAsync(ct);
        // Every establishment (a national list is ~125): the holding ones and those open in the month, by function.
        var establishments = await db.Establishments.AsNoTracking().Include(e => e.History).ToListAsync(ct);
        var openDuring = Establishment.OpenDuring(month).Compile();
        var open = new Dictionary<string, List<EstablishmentPlace>>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in establishments.Where(openDuring))
        {
            var at = e.AttributesOn(month.LastDay);
            if (at.Latitude is { } lat && at.Longitude is { } lon)
            {
                var function = at.Function.Trim();
                (open.TryGetValue(function, out var places) ? places : open[function] = []).Add(new EstablishmentPlace(e.Code, lat, lon));
                names[e.Code] = at.Name;
            }
        }
        var byId = establishments.ToDictionary(e => e.Id);

        var centroids = await districts.AllAsync(ct);

        // The establishments of each function within the radius of each home district: the same for every holding establishment.
        var within = open.ToDictionary(f => f.Key, _ => new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
        foreach (var snapshot in snapshots)
        {
            var cases = result[snapshot.Id] = [];
            var at = byId[snapshot.EstablishmentId].AttributesOn(snapshot.SnapshotDate);
            if (at.Latitude is null || at.Longitude is null || !open.TryGetValue(at.Function.Trim(), out var sameFunction))
            {
                continue; // every home is unknown without the establishment's location (as for the PLI); no alternative without another of its function
            }
            var holding = byId[snapshot.EstablishmentId].Code;
            var nearHome = within[at.Function.Trim()];
            // A known distance (to the holding establishment as located on the snapshot date) is a district with a
            // centroid and a located establishment (HomeDistances); others are unknown homes.
            foreach (var h in distances[snapshot.Id])
            {
                if (h.Miles is not { } miles || !centroids.TryGetValue(h.District!, out var district))
                {
                    continue; // an unknown home
                }
                if (!nearHome.TryGetValue(h.District!, out var near))
                {
                    nearHome[h.District!] = near = NearerToHome.Within((district.Latitude, district.Longitude), sameFunction, radius);
                }
                var nearer = NearerToHome.Alternatives(miles, holding, near, radius);
                if (nearer.Count > 0)
                {
                    cases.Add(new Case(h.Prisoner, miles, nearer));
                }
            }
        }
        return (result, names);
    }
}
