using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Imports;

public sealed class CodePointImportTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    [Fact]
    public async Task The_sample_folder_gives_centroids_within_50_metres_of_the_published_ones_and_repeating_it_changes_nothing()
    {
        var folder = SharedData.File("codepoint-open-sample");

        var result = await App.ImportPathAsync("codepoint", folder);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Take(5)));
        Assert.Equal(7221 + 10642, result.Rows);
        var expected = File.ReadLines(SharedData.File("outcodes", "gb_outcode_centroids_codepoint_open_2025.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(f => f[0].StartsWith("WV", StringComparison.Ordinal) || f[0].StartsWith("TF", StringComparison.Ordinal))
            .ToDictionary(f => f[0], f => (Lat: double.Parse(f[1], CultureInfo.InvariantCulture), Lon: double.Parse(f[2], CultureInfo.InvariantCulture), Lad: f[7]));
        var imported = await App.WithDbAsync(db => db.PostcodeDistricts.AsNoTracking()
            .Where(d => d.Outcode.StartsWith("WV") || d.Outcode.StartsWith("TF")).ToListAsync());
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), imported.Select(d => d.Outcode).Order(StringComparer.Ordinal));
        Assert.Equal(result.Added, imported.Count);
        foreach (var d in imported)
        {
            var (lat, lon, lad) = expected[d.Outcode];
            var metres = GreatCircle.Miles(lat, lon, d.Latitude, d.Longitude) * 1609.344;
            Assert.True(metres < 50, $"{d.Outcode} is {metres:F0} m from the published centroid");
            Assert.Equal((lad, "Code-Point Open", "England"), (d.LocalAuthorityCode, d.Source, d.Country));
        }

        var data = await App.ReferenceDataAsync();
        var again = await App.ImportPathAsync("codepoint", folder);
        Assert.Equal((0, 0, imported.Count), (again.Added, again.Updated, again.Unchanged));
        Assert.Equal(data, await App.ReferenceDataAsync());
    }

    [Fact]
    public async Task Bad_eastings_in_one_uploaded_file_reject_the_whole_upload_naming_file_row_and_column()
    {
        await App.AddUserAsync("admin.codepoint", Roles.Administrator, null);
        var client = await App.SignedInAsync("admin.codepoint");
        var good = "\"ZE1 0AA\",10,446000,1141000,\"S92000003\",\"\",\"\",\"\",\"S12000027\",\"S13002775\"\n";
        var bad = "\"ZE2 9AA\",10,445000,1151000,\"S92000003\",\"\",\"\",\"\",\"S12000027\",\"S13002775\"\n"
            + "\"ZE2 9AB\",10,east,1151000,\"S92000003\",\"\",\"\",\"\",\"S12000027\",\"S13002775\"\n";
        var before = await App.TableCountsAsync();

        var response = await client.PostFilesAsync("/admin/imports", "/admin/imports", new() { ["kind"] = "codepoint" },
            ("files", "ze1.csv", good), ("files", "ze2.csv", bad));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches(@"<td class=""govuk-table__cell"">2</td>\s*<td class=""govuk-table__cell"">Eastings</td>\s*<td class=""govuk-table__cell"">in ze2.csv: &quot;east&quot; is not a National Grid eastings in metres",
            await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await App.TableCountsAsync());
    }

    [Fact]
    public async Task Uploaded_files_are_imported_from_the_admin_page_skipping_postcodes_without_coordinates()
    {
        await App.AddUserAsync("admin.codepoint2", Roles.Administrator, null);
        var client = await App.SignedInAsync("admin.codepoint2");
        var csv = "\"HS1 2AA\",10,142000,933000,\"S92000003\",\"\",\"\",\"\",\"S12000013\",\"\"\n"
            + "\"HS1 2AB\",10,142200,933400,\"S92000003\",\"\",\"\",\"\",\"S12000013\",\"\"\n"
            + "\"HS1 2AD\",90,0,0,\"S92000003\",\"\",\"\",\"\",\"\",\"\"\n";

        var response = await client.PostFilesAsync("/admin/imports", "/admin/imports", new() { ["kind"] = "codepoint" }, ("files", "hs.csv", csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hs1 = await App.WithDbAsync(db => db.PostcodeDistricts.AsNoTracking().SingleAsync(d => d.Outcode == "HS1"));
        var (lat, lon) = BritishNationalGrid.ToWgs84(142100, 933200);
        Assert.Equal((lat, lon, "S12000013", "Scotland"), (hs1.Latitude, hs1.Longitude, hs1.LocalAuthorityCode, hs1.Country));
    }
}
