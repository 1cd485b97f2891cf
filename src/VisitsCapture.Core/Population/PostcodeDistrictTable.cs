using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;

namespace VisitsCapture.Core.Population;

/// <summary>A postcode district as the population measures use it: its centroid, and its main local authority, region and nation.</summary>
public sealed record DistrictArea(double Latitude, double Longitude, string? LocalAuthorityName, string? Region, string? Country);

/// <summary>
/// Every postcode district (~3,000 rows), as the measures that need it share it (distances, nearer to home, breakdowns by
/// area). Reading them took 25 ms a time at national volumes, and an establishment's population page needed them three
/// times (issue 13): they are kept in memory (<see cref="PostcodeDistrictCache"/>) and checked once per request or job
/// against their version, the id of the last audit event of a save that changed districts (AuditInterceptor writes one,
/// in the same transaction, whichever process saves). Scoped: a request sees the districts as they were when first read.
/// </summary>
public sealed class PostcodeDistrictTable(VisitsDbContext db, PostcodeDistrictCache cache)
{
    private IReadOnlyDictionary<string, DistrictArea>? _districts;

    /// <summary>The version of the districts read in this scope (0 before any change).</summary>
    public long Version { get; private set; }

    public async Task<IReadOnlyDictionary<string, DistrictArea>> AllAsync(CancellationToken ct)
    {
        if (_districts is not null)
        {
            return _districts;
        }
        // The version first: districts read after it are at least that new, so a change in between is read again next time.
        Version = await db.AuditEvents.AsNoTracking()
            .Where(a => a.EntityType == AuditInterceptor.PostcodeDistrictsChanged)
            .MaxAsync(a => (long?)a.Id, ct) ?? 0;
        if (cache.TryGet(Version, out var kept))
        {
            return _districts = kept;
        }
        var read = await db.PostcodeDistricts.AsNoTracking()
            .ToDictionaryAsync(d => d.Outcode, d => new DistrictArea(d.Latitude, d.Longitude, d.LocalAuthorityName, d.Region, d.Country), StringComparer.Ordinal, ct);
        cache.Set(Version, read);
        return _districts = read;
    }
}

/// <summary>The postcode districts of the latest version read, kept between requests (<see cref="PostcodeDistrictTable"/>).</summary>
public sealed class PostcodeDistrictCache
{
    private sealed record Kept(long Version, IReadOnlyDictionary<string, DistrictArea> Districts);

    private Kept? _kept;

    public bool TryGet(long version, out IReadOnlyDictionary<string, DistrictArea> districts)
    {
        var kept = Volatile.Read(ref _kept);
        districts = kept?.Version == version ? kept.Districts : new Dictionary<string, DistrictArea>();
        return kept?.Version == version;
    }

    public void Set(long version, IReadOnlyDictionary<string, DistrictArea> districts) => Volatile.Write(ref _kept, new Kept(version, districts));

    /// <summary>Forgets the districts (a benchmark times a run as a new process makes it, from the database).</summary>
    public void Clear() => Volatile.Write(ref _kept, null);
}
