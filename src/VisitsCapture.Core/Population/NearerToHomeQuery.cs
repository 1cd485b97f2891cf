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
/// lies within the radius of the home (<see cref="NearerToHome.Alternatives"/>). The alternatives are worked out once
/// per home district and holding establishment, not per prisoner.
/// </summary>
public sealed class NearerToHomeQuery(VisitsDbContext db, HomeDistances homes, IOptions<MeasuresOptions> options)
{
    /// <summary>
    /// The nearer-to-home count of each establishment, by the id of its latest prisoner-level snapshot in the month, from
    /// the snapshots' distances the caller has already worked out (the month's KPI counts share them with the PLI).
    /// </summary>
    public async Task<IReadOnlyDictionary<int, int>> CountsAsync(YearMonth month, IReadOnlyDictionary<int, IReadOnlyList<PrisonerHome>> distances, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(distances);
        var cases = await CasesAsync(month, distances, ct);
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
        var cases = (await CasesAsync(shown, await homes.ForSnapshotsAsync([snapshot.Id], ct), ct)).GetValueOrDefault(snapshot.Id) ?? [];
        return new NearerToHomeList(shown, snapshot.SnapshotDate, radius, cases.OrderBy(c => c.Prisoner, StringComparer.Ordinal).ToList());
    }

    /// <param name="distances">The snapshots' prisoners with their distances (HomeDistances), by snapshot id.</param>
    private async Task<Dictionary<int, List<NearerToHomeCase>>> CasesAsync(
        YearMonth month, IReadOnlyDictionary<int, IReadOnlyList<PrisonerHome>> distances, CancellationToken ct)
    {
        var result = new Dictionary<int, List<NearerToHomeCase>>();
        var snapshotIds = distances.Keys.ToList();
        if (snapshotIds.Count == 0)
        {
            return result;
        }
        var radius = options.Value.LocalRadiusMiles;
        var snapshots = await db.PopulationSnapshots.AsNoTracking()
            .Where(s => snapshotIds.Contains(s.Id))
            .Select(s => new { s.Id, s.EstablishmentId, s.SnapshotDate })
            .ToListAsync(ct);
        // Every establishment (a national list is ~125): the holding ones and those open in the month.
        var establishments = await db.Establishments.AsNoTracking().Include(e => e.History).ToListAsync(ct);
        var openDuring = Establishment.OpenDuring(month).Compile();
        var open = establishments.Where(openDuring)
            .Select(e => (Attributes: e.AttributesOn(month.LastDay), e.Code))
            .Where(e => e.Attributes.Latitude is not null && e.Attributes.Longitude is not null)
            .ToLookup(e => e.Attributes.Function.Trim(), e => (Place: new EstablishmentPlace(e.Code, e.Attributes.Latitude!.Value, e.Attributes.Longitude!.Value), e.Attributes.Name),
                StringComparer.OrdinalIgnoreCase);
        var byId = establishments.ToDictionary(e => e.Id);

        // The centroids read whole (~3,000 rows), not thousands of districts bound in an IN list.
        var centroids = await db.PostcodeDistricts.AsNoTracking()
            .Select(d => new { d.Outcode, d.Latitude, d.Longitude })
            .ToDictionaryAsync(d => d.Outcode, d => (d.Latitude, d.Longitude), ct);

        foreach (var snapshot in snapshots)
        {
            var cases = result[snapshot.Id] = [];
            var at = byId[snapshot.EstablishmentId].AttributesOn(snapshot.SnapshotDate);
            if (at.Latitude is not { } lat || at.Longitude is not { } lon)
            {
                continue; // every home is unknown without the establishment's location (as for the PLI)
            }
            var holding = new EstablishmentPlace(byId[snapshot.EstablishmentId].Code, lat, lon);
            var sameFunction = open[at.Function.Trim()].ToList();
            var names = sameFunction.ToDictionary(e => e.Place.Code, e => e.Name, StringComparer.Ordinal);
            var alternatives = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            // A known distance is a district with a centroid and a located establishment (HomeDistances); others are unknown homes.
            foreach (var h in distances[snapshot.Id])
            {
                if (h.Miles is not { } miles || !centroids.TryGetValue(h.District!, out var home))
                {
                    continue; // an unknown home
                }
                if (!alternatives.TryGetValue(h.District!, out var nearer))
                {
                    alternatives[h.District!] = nearer = NearerToHome.Alternatives(home, holding, sameFunction.Select(e => e.Place), radius);
                }
                if (nearer.Count > 0)
                {
                    cases.Add(new NearerToHomeCase(h.Prisoner, miles, nearer.Select(code => new NearerEstablishment(code, names[code])).ToList()));
                }
            }
        }
        return result;
    }
}
