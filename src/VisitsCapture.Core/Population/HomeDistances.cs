using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
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
public sealed class HomeDistances(VisitsDbContext db, SnapshotRecordsCache cache)
{
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<PrisonerHome>>> ForSnapshotsAsync(IReadOnlyCollection<int> snapshotIds, CancellationToken ct)
    {
        if (snapshotIds.Count == 0)
        {
            return new Dictionary<int, IReadOnlyList<PrisonerHome>>();
        }
        var snapshots = await db.PopulationSnapshots.AsNoTracking()
            .Where(s => snapshotIds.Contains(s.Id))
            .Select(s => new { s.Id, s.EstablishmentId, s.SnapshotDate, s.ImportedAt })
            .ToListAsync(ct);
        var establishmentIds = snapshots.Select(s => s.EstablishmentId).Distinct().ToList();
        var establishments = await db.Establishments.AsNoTracking().Include(e => e.History)
            .Where(e => establishmentIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var centroids = await db.PostcodeDistricts.AsNoTracking()
            .Select(d => new { d.Outcode, d.Latitude, d.Longitude })
            .ToDictionaryAsync(d => d.Outcode, d => (d.Latitude, d.Longitude), ct);
        var records = await RecordsAsync(snapshots.Select(s => (s.Id, s.ImportedAt)).ToList(), ct);

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

    /// <summary>
    /// The prisoner records of some snapshots as stored (through <see cref="SnapshotRecordsCache"/>): the measures that
    /// need only the prisoners (family contact) share one read of each snapshot with the distances.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<SnapshotRecord>>> RecordsAsync(IReadOnlyCollection<int> snapshotIds, CancellationToken ct)
    {
        if (snapshotIds.Count == 0)
        {
            return new Dictionary<int, IReadOnlyList<SnapshotRecord>>();
        }
        var snapshots = await db.PopulationSnapshots.AsNoTracking()
            .Where(s => snapshotIds.Contains(s.Id))
            .Select(s => new { s.Id, s.ImportedAt })
            .ToListAsync(ct);
        return await RecordsAsync(snapshots.Select(s => (s.Id, s.ImportedAt)).ToList(), ct);
    }

    /// <summary>
    /// The prisoner records of each snapshot, from the cache where it holds them as they are now (same import time, records
    /// not deleted by retention), else in one query for the rest. Distances are worked out afresh by the caller, so a change of
    /// centroids or of an establishment's location shows at once.
    /// </summary>
    private async Task<Dictionary<int, IReadOnlyList<SnapshotRecord>>> RecordsAsync(IReadOnlyList<(int Id, DateTime ImportedAt)> snapshots, CancellationToken ct)
    {
        var ids = snapshots.Select(s => s.Id).ToList();
        // One index probe per snapshot (counting the records read every index entry: 15% of the national comparison).
        var withRecords = (await db.PopulationSnapshots.AsNoTracking()
            .Where(s => ids.Contains(s.Id) && db.PopulationRecords.Any(r => r.SnapshotId == s.Id))
            .Select(s => s.Id)
            .ToListAsync(ct)).ToHashSet();
        var result = new Dictionary<int, IReadOnlyList<SnapshotRecord>>();
        var missing = new List<SnapshotRecordsCache.Stamp>();
        foreach (var (id, importedAt) in snapshots)
        {
            var stamp = new SnapshotRecordsCache.Stamp(id, importedAt, withRecords.Contains(id));
            if (cache.TryGet(stamp, out var cached))
            {
                result[id] = cached;
            }
            else
            {
                missing.Add(stamp);
            }
        }
        if (missing.Count > 0)
        {
            var missingIds = missing.Select(s => s.SnapshotId).ToList();
            var loaded = (await db.PopulationRecords.AsNoTracking()
                .Where(r => missingIds.Contains(r.SnapshotId))
                .Select(r => new SnapshotRecord(r.SnapshotId, r.Prisoner, r.HomeDistrict, r.HomeSource, r.UnknownHomeReason))
                .ToListAsync(ct))
                .ToLookup(r => r.SnapshotId); // one pass: a national month is ~125 snapshots of ~90,000 prisoners
            foreach (var stamp in missing)
            {
                var rows = loaded[stamp.SnapshotId].ToList();
                result[stamp.SnapshotId] = rows;
                // Stored only when read as found: a change between the two queries is read afresh next time.
                if ((rows.Count > 0) == stamp.HasRecords)
                {
                    cache.Set(stamp, rows);
                }
            }
        }
        return result;
    }
}

/// <summary>One prisoner of a population snapshot as stored.</summary>
public sealed record SnapshotRecord(int SnapshotId, string Prisoner, string? HomeDistrict, HomeSource? HomeSource, string? UnknownHomeReason);

/// <summary>
/// The prisoner records of population snapshots, kept between requests (profile, issue 13: reading the ~90,000 records of
/// a national month was most of the national comparison's time). A snapshot's records are never changed in place: an
/// import replaces the snapshot (a new row and import time) and retention deletes all of them, so an entry holds while
/// the snapshot's id and import time are the ones it was read with and it still has records. Bounded by records held.
/// </summary>
public sealed class SnapshotRecordsCache : IDisposable
{
    /// <summary>About four national months of prisoners (~90 bytes each).</summary>
    public const long MaxRecords = 400_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxRecords });

    public readonly record struct Stamp(int SnapshotId, DateTime ImportedAt, bool HasRecords);

    public bool TryGet(Stamp stamp, out IReadOnlyList<SnapshotRecord> records) => _cache.TryGetValue(stamp, out records!);

    public void Set(Stamp stamp, IReadOnlyList<SnapshotRecord> records) =>
        _cache.Set(stamp, records, new MemoryCacheEntryOptions { Size = Math.Max(1, records.Count), SlidingExpiration = TimeSpan.FromHours(1) });

    /// <summary>Forgets every entry (a benchmark times a run as a new process makes it, from the database).</summary>
    public void Clear() => _cache.Compact(1.0);

    public void Dispose() => _cache.Dispose();
}
