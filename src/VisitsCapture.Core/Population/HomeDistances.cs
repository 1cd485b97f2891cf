using Microsoft.EntityFrameworkCore;
using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;
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
public sealed class HomeDistances(VisitsDbContext db, SnapshotRecordsCache cache, PostcodeDistrictTable districts)
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
        var centroids = await districts.AllAsync(ct);
        var stamps = await StampsAsync(snapshots.Select(s => (s.Id, s.ImportedAt)).ToList(), ct);

        // Distances worked out before are kept with the records, for the same districts and establishment location.
        var result = new Dictionary<int, IReadOnlyList<PrisonerHome>>();
        var keys = new Dictionary<int, SnapshotRecordsCache.DistancesKey>();
        foreach (var snapshot in snapshots)
        {
            var at = establishments[snapshot.EstablishmentId].AttributesOn(snapshot.SnapshotDate);
            var key = keys[snapshot.Id] = new SnapshotRecordsCache.DistancesKey(districts.Version, at.Latitude, at.Longitude);
            if (cache.TryGetDistances(stamps[snapshot.Id], key, out var kept))
            {
                result[snapshot.Id] = kept;
            }
        }
        var records = await RecordsAsync(stamps.Values.Where(s => !result.ContainsKey(s.SnapshotId)).ToList(), ct);
        foreach (var (id, rows) in records)
        {
            var (lat, lon) = (keys[id].Latitude, keys[id].Longitude);
            var homes = rows.Select(r =>
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
                if (lat is null || lon is null)
                {
                    return new PrisonerHome(r.Prisoner, r.HomeDistrict, r.HomeSource, null, UnknownHome.NoEstablishmentLocation);
                }
                return new PrisonerHome(r.Prisoner, r.HomeDistrict, r.HomeSource, GreatCircle.Miles(c.Latitude, c.Longitude, lat.Value, lon.Value), null);
            }).ToList();
            result[id] = homes;
            cache.SetDistances(stamps[id], keys[id], homes);
        }
        return result;
    }

    /// <summary>
    /// The prison numbers of some snapshots (family contact needs only who is in each): from the records kept
    /// (<see cref="SnapshotRecordsCache"/>) where the month's other measures have read them, else from the
    /// (snapshot, prisoner) index alone, a third of the cost of reading whole records (issue 13: S(M−1) of a national month).
    /// </summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<string>>> PrisonersAsync(IReadOnlyCollection<int> snapshotIds, CancellationToken ct)
    {
        var result = new Dictionary<int, IReadOnlyList<string>>();
        if (snapshotIds.Count == 0)
        {
            return result;
        }
        var snapshots = await db.PopulationSnapshots.AsNoTracking()
            .Where(s => snapshotIds.Contains(s.Id))
            .Select(s => new { s.Id, s.ImportedAt })
            .ToListAsync(ct);
        var missing = new List<int>();
        foreach (var stamp in (await StampsAsync(snapshots.Select(s => (s.Id, s.ImportedAt)).ToList(), ct)).Values)
        {
            if (cache.TryGet(stamp, out var records))
            {
                result[stamp.SnapshotId] = records.Select(r => r.Prisoner).ToList();
            }
            else
            {
                missing.Add(stamp.SnapshotId);
            }
        }
        foreach (var (id, prisoners) in await ReadAsync(missing, """SELECT "Prisoner" FROM "PopulationRecords" WHERE "SnapshotId" = @id""", (_, reader) => reader.GetString(0), ct))
        {
            result[id] = prisoners;
        }
        return result;
    }

    /// <summary>
    /// What the cache checks a snapshot's records by: its id, its import time, and whether it still has records (retention
    /// deletes them all). One index probe per snapshot (counting the records read every index entry: 15% of the national comparison).
    /// </summary>
    private async Task<Dictionary<int, SnapshotRecordsCache.Stamp>> StampsAsync(IReadOnlyList<(int Id, DateTime ImportedAt)> snapshots, CancellationToken ct)
    {
        var ids = snapshots.Select(s => s.Id).ToList();
        var withRecords = (await db.PopulationSnapshots.AsNoTracking()
            .Where(s => ids.Contains(s.Id) && db.PopulationRecords.Any(r => r.SnapshotId == s.Id))
            .Select(s => s.Id)
            .ToListAsync(ct)).ToHashSet();
        return snapshots.ToDictionary(s => s.Id, s => new SnapshotRecordsCache.Stamp(s.Id, s.ImportedAt, withRecords.Contains(s.Id)));
    }

    /// <summary>
    /// The prisoner records of each snapshot, from the cache where it holds them as they are now (same stamp), else in one
    /// read for the rest.
    /// </summary>
    private async Task<Dictionary<int, IReadOnlyList<SnapshotRecord>>> RecordsAsync(IReadOnlyList<SnapshotRecordsCache.Stamp> stamps, CancellationToken ct)
    {
        var result = new Dictionary<int, IReadOnlyList<SnapshotRecord>>();
        var missing = new List<SnapshotRecordsCache.Stamp>();
        foreach (var stamp in stamps)
        {
            if (cache.TryGet(stamp, out var cached))
            {
                result[stamp.SnapshotId] = cached;
            }
            else
            {
                missing.Add(stamp);
            }
        }
        if (missing.Count > 0)
        {
            var loaded = await ReadAsync(missing.Select(s => s.SnapshotId).ToList(), ct);
            foreach (var stamp in missing)
            {
                var rows = loaded[stamp.SnapshotId];
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

    /// <summary>
    /// The records of each snapshot with a plain data reader: for the 86,000 records of a national month EF's query took
    /// 330 ms and this reader takes about 200 (the SQL alone, in sqlite3, 50: the rest is the provider's per-value cost;
    /// issue 13). Districts and reasons are few and repeat, so each record holds a shared string (the cache holds hundreds
    /// of thousands).
    /// </summary>
    private Task<Dictionary<int, IReadOnlyList<SnapshotRecord>>> ReadAsync(IReadOnlyList<int> snapshotIds, CancellationToken ct)
    {
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Shared(DbDataReader reader, int column) =>
            reader.IsDBNull(column) ? null : reader.GetString(column) is var text && shared.TryGetValue(text, out var one) ? one : shared[text] = text;

        return ReadAsync(snapshotIds, """SELECT "Prisoner", "HomeDistrict", "HomeSource", "UnknownHomeReason" FROM "PopulationRecords" WHERE "SnapshotId" = @id""",
            (snapshotId, reader) => new SnapshotRecord(snapshotId, reader.GetString(0), Shared(reader, 1),
                reader.IsDBNull(2) ? null : Enum.Parse<HomeSource>(reader.GetString(2)), Shared(reader, 3)), ct);
    }

    /// <summary>The rows of each snapshot by a query of one snapshot (<c>@id</c>), on the context's connection and transaction.</summary>
    private async Task<Dictionary<int, IReadOnlyList<T>>> ReadAsync<T>(IReadOnlyList<int> snapshotIds, string sql, Func<int, DbDataReader, T> read, CancellationToken ct)
    {
        var result = new Dictionary<int, IReadOnlyList<T>>();
        if (snapshotIds.Count == 0)
        {
            return result;
        }
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql;
            var id = command.CreateParameter();
            id.ParameterName = "@id";
            id.DbType = DbType.Int32;
            command.Parameters.Add(id);
            foreach (var snapshotId in snapshotIds)
            {
                id.Value = snapshotId;
                var rows = new List<T>();
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        rows.Add(read(snapshotId, reader));
                    }
                }
                result[snapshotId] = rows;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
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
/// the snapshot's id and import time are the ones it was read with and it still has records. The prisoners' distances are
/// kept with them, for the districts' version and the establishment's location they were worked out from. Bounded by
/// records held: the least recently used snapshots go first, so a month-by-month rebuild finds the month before still held.
/// </summary>
public sealed class SnapshotRecordsCache
{
    /// <summary>About four national months of prisoners (~100 bytes each, and as much again for their distances).</summary>
    public const long MaxRecords = 400_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<int, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recent = []; // most recently used first
    private long _held;

    private sealed record Entry(Stamp Stamp, IReadOnlyList<SnapshotRecord> Records)
    {
        public (DistancesKey Key, IReadOnlyList<PrisonerHome> Homes)? Distances { get; set; }
    }

    public readonly record struct Stamp(int SnapshotId, DateTime ImportedAt, bool HasRecords);

    /// <summary>What a snapshot's distances were worked out from besides its records: the districts' version and the establishment's location.</summary>
    public readonly record struct DistancesKey(long DistrictsVersion, double? Latitude, double? Longitude);

    public bool TryGet(Stamp stamp, out IReadOnlyList<SnapshotRecord> records)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(stamp.SnapshotId, out var node) && node.Value.Stamp == stamp)
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                records = node.Value.Records;
                return true;
            }
        }
        records = [];
        return false;
    }

    public bool TryGetDistances(Stamp stamp, DistancesKey key, out IReadOnlyList<PrisonerHome> homes)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(stamp.SnapshotId, out var node) && node.Value.Stamp == stamp && node.Value.Distances is { } d && d.Key == key)
            {
                homes = d.Homes;
                return true;
            }
        }
        homes = [];
        return false;
    }

    /// <summary>Keeps a snapshot's distances with its records, when they are held as of the same stamp.</summary>
    public void SetDistances(Stamp stamp, DistancesKey key, IReadOnlyList<PrisonerHome> homes)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(stamp.SnapshotId, out var node) && node.Value.Stamp == stamp)
            {
                node.Value.Distances = (key, homes);
            }
        }
    }

    public void Set(Stamp stamp, IReadOnlyList<SnapshotRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_gate)
        {
            Forget(stamp.SnapshotId);
            if (records.Count > MaxRecords)
            {
                return;
            }
            _entries[stamp.SnapshotId] = _recent.AddFirst(new Entry(stamp, records));
            _held += records.Count;
            while (_held > MaxRecords)
            {
                Forget(_recent.Last!.Value.Stamp.SnapshotId);
            }
        }
    }

    /// <summary>How many records are held (for tests of the bound).</summary>
    public long Held
    {
        get
        {
            lock (_gate)
            {
                return _held;
            }
        }
    }

    /// <summary>Forgets every entry (a benchmark times a run as a new process makes it, from the database).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _recent.Clear();
            _held = 0;
        }
    }

    private void Forget(int snapshotId)
    {
        if (_entries.Remove(snapshotId, out var node))
        {
            _recent.Remove(node);
            _held -= node.Value.Records.Count;
        }
    }
}
