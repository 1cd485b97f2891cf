using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Population;

/// <summary>One prisoner's home in a snapshot, with the distance from home (null when the home is unknown).</summary>
public sealed record PrisonerHome(string Prisoner, string? District, HomeSource? Source, double? Miles, string? UnknownReason);

/// <summary>
/// Distance from home for every prisoner of some prisoner-level snapshots: great-circle miles from the home
/// district's centroid to the establishment as it was located on the snapshot date. A district with no known
/// centroid, or an establishment with no coordinates, gives an unknown home, never a zero distance.
/// </summary>
public sealed class HomeDistances(VisitsDbContext db)
{
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<PrisonerHome>>> ForSnapshotsAsync(IReadOnlyCollection<int> snapshotIds, CancellationToken ct)
    {
        if (snapshotIds.Count == 0)
        {
            return new Dictionary<int, IReadOnlyList<PrisonerHome>>();
        }
        var snapshots = await db.PopulationSnapshots.AsNoTracking()
            .Where(s => snapshotIds.Contains(s.Id))
            .Select(s => new { s.Id, s.EstablishmentId, s.SnapshotDate })
            .ToListAsync(ct);
        var establishmentIds = snapshots.Select(s => s.EstablishmentId).Distinct().ToList();
        var establishments = await db.Establishments.AsNoTracking().Include(e => e.History)
            .Where(e => establishmentIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var centroids = await db.PostcodeDistricts.AsNoTracking()
            .Select(d => new { d.Outcode, d.Latitude, d.Longitude })
            .ToDictionaryAsync(d => d.Outcode, d => (d.Latitude, d.Longitude), ct);
        var records = (await db.PopulationRecords.AsNoTracking()
            .Where(r => snapshotIds.Contains(r.SnapshotId))
            .Select(r => new { r.SnapshotId, r.Prisoner, r.HomeDistrict, r.HomeSource, r.UnknownHomeReason })
            .ToListAsync(ct))
            .ToLookup(r => r.SnapshotId); // one pass: a national month is ~125 snapshots of ~90,000 prisoners

        var result = new Dictionary<int, IReadOnlyList<PrisonerHome>>();
        foreach (var snapshot in snapshots)
        {
            var at = establishments[snapshot.EstablishmentId].AttributesOn(snapshot.SnapshotDate);
            result[snapshot.Id] = records[snapshot.Id].Select(r =>
            {
                if (r.HomeDistrict is null)
                {
                    return new PrisonerHome(r.Prisoner, null, r.HomeSource, null, r.UnknownHomeReason ?? UnknownHome.NoPostcode);
                }
                if (!centroids.TryGetValue(r.HomeDistrict, out var c))
                {
                    // The reason given at import ("not in the reference data") when there was one.
                    return new PrisonerHome(r.Prisoner, r.HomeDistrict, r.HomeSource, null, r.UnknownHomeReason ?? UnknownHome.NoCentroid);
                }
                if (at.Latitude is not { } lat || at.Longitude is not { } lon)
                {
                    return new PrisonerHome(r.Prisoner, r.HomeDistrict, r.HomeSource, null, UnknownHome.NoEstablishmentLocation);
                }
                return new PrisonerHome(r.Prisoner, r.HomeDistrict, r.HomeSource, GreatCircle.Miles(c.Latitude, c.Longitude, lat, lon), null);
            }).ToList();
        }
        return result;
    }
}
