using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Features.Admin.Imports;

/// <summary>
/// Upserts postcode district centroids by outcode, for the outcodes and Code-Point Open imports. A local authority,
/// region or country the file does not give is kept from before (the local authority's name only while its code is
/// unchanged). Districts are bulk reference data: not audited one by one (the import run is).
/// </summary>
internal sealed class PostcodeDistrictWriter(VisitsDbContext db)
{
    public async Task<(int Added, int Updated, int Unchanged)> UpsertAsync(IReadOnlyList<PostcodeDistrict> districts, CancellationToken ct)
    {
        var existing = await db.PostcodeDistricts.ToDictionaryAsync(d => d.Outcode, StringComparer.Ordinal, ct);
        int added = 0, updated = 0, unchanged = 0;
        foreach (var d in districts)
        {
            if (!existing.TryGetValue(d.Outcode, out var e))
            {
                db.PostcodeDistricts.Add(d);
                existing[d.Outcode] = d;
                added++;
                continue;
            }
            var code = d.LocalAuthorityCode ?? e.LocalAuthorityCode;
            var name = d.LocalAuthorityName ?? (code == e.LocalAuthorityCode ? e.LocalAuthorityName : null);
            var region = d.Region ?? e.Region;
            var country = d.Country ?? e.Country;
            if (e.Latitude == d.Latitude && e.Longitude == d.Longitude && e.LocalAuthorityCode == code && e.LocalAuthorityName == name
                && e.Region == region && e.Country == country && e.Source == d.Source)
            {
                unchanged++;
                continue;
            }
            (e.Latitude, e.Longitude, e.LocalAuthorityCode, e.LocalAuthorityName, e.Region, e.Country, e.Source) =
                (d.Latitude, d.Longitude, code, name, region, country, d.Source);
            updated++;
        }
        await db.SaveChangesAsync(ct);
        return (added, updated, unchanged);
    }
}
