using System.Globalization;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Web.Features.Admin.Imports;

/// <summary>
/// <c>import codepoint</c>: the official OS Code-Point Open folder (Data/CSV/*.csv, no header, one row per full
/// postcode in British National Grid metres). Each district's centroid is the mean easting and northing of its
/// postcodes converted to WGS84 (<see cref="CodePointCentroids"/>); its local authority is the one holding most of
/// its postcodes.
/// </summary>
public sealed class CodePointImporter(VisitsDbContext db) : IImporter
{
    public const string Source = "Code-Point Open";

    // Column positions and names from Doc/Code-Point_Open_Column_Headers.csv.
    private const int PostcodeField = 0, QualityField = 1, EastingsField = 2, NorthingsField = 3, CountryField = 4, AdminDistrictField = 8;
    private const int MaxErrorsListed = 1000;

    private static readonly Dictionary<string, string> Countries = new(StringComparer.Ordinal)
    {
        ["E92000001"] = "England",
        ["W92000004"] = "Wales",
        ["S92000003"] = "Scotland",
        ["N92000002"] = "Northern Ireland",
    };

    public string Kind => "codepoint";

    public string Description => "OS Code-Point Open: every CSV file of its Data/CSV folder. District centres are computed from the postcodes.";

    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken ct)
    {
        var errors = new List<ImportError>();
        var moreErrors = 0;
        var points = new List<(string, int, double, double)>();
        var authorities = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var countries = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var districtNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = 0;
        foreach (var file in files)
        {
            using var csv = CsvRows.Open(file.Open(), hasHeader: false);
            foreach (var row in csv.Rows())
            {
                ct.ThrowIfCancellationRequested();
                rows++;
                Read(file.Name, row, points, authorities, countries, districtNames);
                foreach (var e in row.Errors)
                {
                    if (errors.Count < MaxErrorsListed)
                    {
                        errors.Add(e);
                    }
                    else
                    {
                        moreErrors++;
                    }
                }
                if (rows % 10_000 == 0)
                {
                    progress?.Report(rows);
                }
            }
        }
        if (moreErrors > 0)
        {
            errors.Add(new ImportError(0, null, $"… and {moreErrors} more problems"));
        }
        if (rows == 0)
        {
            errors.Add(new ImportError(0, null, "The files have no postcodes"));
        }
        if (errors.Count > 0)
        {
            return ImportResult.Rejected(errors);
        }

        var districts = CodePointCentroids.Compute(points).Select(c => new PostcodeDistrict
        {
            Outcode = c.Outcode,
            Latitude = c.Latitude,
            Longitude = c.Longitude,
            LocalAuthorityCode = MostCommon(authorities, c.Outcode),
            Country = MostCommon(countries, c.Outcode) is { } code && Countries.TryGetValue(code, out var name) ? name : null,
            Source = Source,
        }).ToList();
        await using var transaction = await db.BeginUnlessInOneAsync(ct);
        var (added, updated, unchanged) = await new PostcodeDistrictWriter(db).UpsertAsync(districts, ct);
        await transaction.CommitIfOwnedAsync(ct);
        return new ImportResult
        {
            Rows = rows,
            Added = added,
            Updated = updated,
            Unchanged = unchanged,
            Note = $"{districts.Count} postcode districts computed from {points.Count} postcodes with coordinates.",
        };
    }

    private static void Read(string file, CsvRow row, List<(string, int, double, double)> points,
        Dictionary<string, Dictionary<string, int>> authorities, Dictionary<string, Dictionary<string, int>> countries, Dictionary<string, string> districtNames)
    {
        var postcode = row.Field(PostcodeField);
        if (!PostcodeDistricts.TryParse(postcode, out var parsed) || !PostcodeDistricts.IsFullPostcode(postcode))
        {
            row.Fail("Postcode", $"in {file}: \"{Shorten(postcode)}\" is not a full UK postcode");
        }
        if (!int.TryParse(row.Field(QualityField), NumberStyles.None, CultureInfo.InvariantCulture, out var quality))
        {
            row.Fail("Positional_quality_indicator", $"in {file}: \"{Shorten(row.Field(QualityField))}\" is not a positional quality indicator (10 to 90)");
            return;
        }
        if (quality == CodePointCentroids.NoCoordinatesQuality || !row.IsValid)
        {
            return;
        }
        var easting = Metres(file, row, EastingsField, "Eastings", 700_000);
        var northing = Metres(file, row, NorthingsField, "Northings", 1_300_000);
        if (easting is null || northing is null)
        {
            return;
        }
        // One string per district, not per postcode: the full Code-Point Open has 1.7 million rows.
        if (!districtNames.TryGetValue(parsed, out var district))
        {
            districtNames[parsed] = district = parsed;
        }
        var authority = row.Field(AdminDistrictField);
        if (authority.Length > 9)
        {
            row.Fail("Admin_district_code", $"in {file}: \"{Shorten(authority)}\" is not a local authority district code (9 characters)");
            return;
        }
        points.Add((district, quality, easting.Value, northing.Value));
        Count(authorities, district, authority);
        Count(countries, district, row.Field(CountryField));
    }

    private static double? Metres(string file, CsvRow row, int field, string column, int max)
    {
        var text = row.Field(field);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var metres) || metres > max)
        {
            row.Fail(column, $"in {file}: \"{Shorten(text)}\" is not a National Grid {column.ToLowerInvariant()} in metres (0 to {max:N0})");
            return null;
        }
        return metres;
    }

    private static void Count(Dictionary<string, Dictionary<string, int>> counts, string district, string value)
    {
        if (value.Length == 0)
        {
            return;
        }
        if (!counts.TryGetValue(district, out var byValue))
        {
            counts[district] = byValue = new Dictionary<string, int>(StringComparer.Ordinal);
        }
        byValue[value] = byValue.GetValueOrDefault(value) + 1;
    }

    /// <summary>The most common value (ties to the first in ordinal order, so that re-imports agree).</summary>
    private static string? MostCommon(Dictionary<string, Dictionary<string, int>> counts, string district) =>
        counts.TryGetValue(district, out var byValue)
            ? byValue.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key
            : null;

    private static string Shorten(string v) => v.Length > 40 ? v[..40] + "…" : v;
}
