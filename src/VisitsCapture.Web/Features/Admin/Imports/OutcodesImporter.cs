using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Web.Features.Admin.Imports;

/// <summary>
/// <c>import outcodes</c>: postcode district centroids, outcode,latitude,longitude (as shared/data/outcodes/*.csv),
/// with the optional main_lad_code, main_lad_name, region, country and source columns when present.
/// </summary>
public sealed class OutcodesImporter(VisitsDbContext db) : IImporter
{
    public const string DefaultSource = "outcodes import";

    /// <summary>
    /// Outcodes outside the modern grammar that centroid files still list: NPT (Newport before 1984, kept in
    /// uk_outcode_centroids.csv as not in use) and GIR (Girobank's GIR 0AA).
    /// </summary>
    private static readonly HashSet<string> HistoricOutcodes = new(["NPT", "GIR"], StringComparer.Ordinal);

    public string Kind => "outcodes";

    public string Description => "Postcode district centres: outcode, latitude and longitude, optionally with local authority, region and country.";

    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken ct)
    {
        using var csv = CsvRows.OpenOne(files, "postcode districts", ["outcode", "latitude", "longitude"], out var rejected);
        if (csv is null)
        {
            return ImportResult.Rejected(rejected);
        }

        var errors = new List<ImportError>();
        var districts = new List<PostcodeDistrict>();
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = 0;
        foreach (var row in csv.Rows())
        {
            rows++;
            var outcode = Outcode(row);
            var latitude = EstablishmentCells.Latitude(row, "latitude", required: true);
            var longitude = EstablishmentCells.Longitude(row, "longitude", required: true);
            var lad = row.Text("main_lad_code", maxLength: 9);
            var ladName = row.Text("main_lad_name", maxLength: 100);
            var region = row.Text("region", maxLength: 100);
            var country = row.Text("country", maxLength: 40);
            var source = row.Text("source", maxLength: 60) ?? DefaultSource;
            if (outcode is not null && !firstRow.TryAdd(outcode, row.Number))
            {
                row.Fail("outcode", $"{outcode} is already in row {firstRow[outcode]}; each district may appear once");
            }
            if (row.IsValid)
            {
                districts.Add(new PostcodeDistrict
                {
                    Outcode = outcode!,
                    Latitude = latitude!.Value,
                    Longitude = longitude!.Value,
                    LocalAuthorityCode = lad,
                    LocalAuthorityName = ladName,
                    Region = region,
                    Country = country,
                    Source = source,
                });
            }
            errors.AddRange(row.Errors);
            if (rows % 500 == 0)
            {
                progress?.Report(rows);
            }
        }
        if (rows == 0)
        {
            errors.Add(new ImportError(0, null, "The file has no postcode districts"));
        }
        if (errors.Count > 0)
        {
            return ImportResult.Rejected(errors);
        }

        await using var transaction = await db.BeginUnlessInOneAsync(ct);
        var (added, updated, unchanged) = await new PostcodeDistrictWriter(db).UpsertAsync(districts, ct);
        await transaction.CommitIfOwnedAsync(ct);
        return new ImportResult { Rows = rows, Added = added, Updated = updated, Unchanged = unchanged };
    }

    /// <summary>A district alone (e.g. WV10): a full postcode is refused rather than cut, as this file is about districts.</summary>
    private static string? Outcode(CsvRow row)
    {
        // Any length up to 40 is read, so that a wrong value is told what it is not rather than how long it is.
        var text = row.Text("outcode", required: true, maxLength: 40);
        if (text is null)
        {
            return null;
        }
        if (HistoricOutcodes.Contains(text.ToUpperInvariant()))
        {
            return text.ToUpperInvariant();
        }
        if (PostcodeDistricts.IsFullPostcode(text))
        {
            row.Fail("outcode", $"\"{text}\" is a full postcode: give the postcode district only, e.g. WV10");
            return null;
        }
        if (!PostcodeDistricts.TryParse(text, out var district))
        {
            row.Fail("outcode", $"\"{text}\" is not a postcode district (outcode), e.g. WV10");
            return null;
        }
        return district;
    }
}
