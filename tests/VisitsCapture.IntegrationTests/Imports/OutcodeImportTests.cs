using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;
using static VisitsCapture.IntegrationTests.Imports.ImportTesting;

namespace VisitsCapture.IntegrationTests.Imports;

public sealed class OutcodeImportTests(AppFixture fixture) : OutcodeImportTests<AppFixture>(fixture);

public sealed class PostgresOutcodeImportTests(PostgresAppFixture fixture) : OutcodeImportTests<PostgresAppFixture>(fixture);

public abstract class OutcodeImportTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : AppFixture<AppFactory>
{
    private AppFactory App => fixture.App;

    [Fact]
    public async Task Imports_every_row_of_the_shared_outcodes_file_quickly_and_repeating_it_changes_nothing()
    {
        var file = SharedData.File("outcodes", "uk_outcode_centroids.csv");
        var clock = Stopwatch.StartNew();

        var first = await App.ImportPathAsync("outcodes", file);

        var elapsed = clock.Elapsed;
        Assert.True(first.Succeeded, string.Join("; ", first.Errors.Take(5)));
        Assert.Equal(3098, first.Rows);
        Assert.Equal(3098, first.Added + first.Updated);
        // A few seconds at most, even on a busy 2-core machine (about 0.6 s when idle: docs/performance.md).
        Assert.True(elapsed < TimeSpan.FromSeconds(20), $"took {elapsed}");
        await App.WithDbAsync(async db =>
        {
            Assert.True(await db.PostcodeDistricts.CountAsync() >= 3098);
            var wv10 = await db.PostcodeDistricts.SingleAsync(d => d.Outcode == "WV10");
            // The file's row: WV10,52.619152,-2.113524,England,true,codepoint_open_2025_10,...,E08000031,Wolverhampton,...,West Midlands
            Assert.Equal((52.619152, -2.113524, "E08000031", "Wolverhampton", "West Midlands", "England", "codepoint_open_2025_10"),
                (wv10.Latitude, wv10.Longitude, wv10.LocalAuthorityCode, wv10.LocalAuthorityName, wv10.Region, wv10.Country, wv10.Source));
            Assert.True(await db.PostcodeDistricts.AnyAsync(d => d.Outcode == "NPT"), "the historic Newport outcode is kept");
        });

        var data = await App.ReferenceDataAsync();
        var second = await App.ImportPathAsync("outcodes", file);

        Assert.Equal((3098, 0, 0, 3098), (second.Rows, second.Added, second.Updated, second.Unchanged));
        Assert.Equal(data, await App.ReferenceDataAsync());
    }

    [Fact]
    public async Task A_file_with_a_full_postcode_in_one_row_is_rejected_on_the_admin_page_and_nothing_is_written()
    {
        await App.AddUserAsync("admin.outcodes", Roles.Administrator, null);
        var client = await App.SignedInAsync("admin.outcodes");
        var csv = """
            outcode,latitude,longitude
            ZE1,60.15,-1.15
            WV10 6AA,52.61,-2.11
            ZE2,60.3,-1.2
            """;
        var before = await App.TableCountsAsync();

        var response = await client.PostFilesAsync("/admin/imports", "/admin/imports", new() { ["kind"] = "outcodes" }, ("files", "outcodes.csv", csv));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches(@"<td class=""govuk-table__cell"">3</td>\s*<td class=""govuk-table__cell"">outcode</td>\s*<td class=""govuk-table__cell"">&quot;WV10 6AA&quot; is a full postcode: give the postcode district only, e.g. WV10</td>",
            await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await App.TableCountsAsync());
    }

    [Fact]
    public async Task A_small_file_is_imported_from_the_admin_page_with_the_default_source()
    {
        await App.AddUserAsync("admin.outcodes2", Roles.Administrator, null);
        var client = await App.SignedInAsync("admin.outcodes2");

        var response = await client.PostFilesAsync("/admin/imports", "/admin/imports", new() { ["kind"] = "outcodes" },
            ("files", "outcodes.csv", "outcode,latitude,longitude,notes\nzz9,54.5,-1.5,made up\n"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var zz9 = await App.WithDbAsync(db => db.PostcodeDistricts.AsNoTracking().SingleAsync(d => d.Outcode == "ZZ9"));
        Assert.Equal((54.5, -1.5, "outcodes import", (string?)null), (zz9.Latitude, zz9.Longitude, zz9.Source, zz9.LocalAuthorityCode));
    }

    [Fact]
    public async Task Coordinates_outside_the_UK_and_bad_districts_are_row_errors()
    {
        var csv = """
            outcode,latitude,longitude
            YY1,48.9,-1
            YY2,55,3
            Y$1,55,-1
            YY3,55,-1
            yy3,55,-1
            """;

        var result = await App.ImportAsync("outcodes", Csv("bad.csv", csv));

        (int, string?)[] expected = [(2, "latitude"), (3, "longitude"), (4, "outcode"), (6, "outcode")];
        Assert.Equal(expected, result.Errors.Select(e => (e.Row, e.Column)).ToArray());
        Assert.False(await App.WithDbAsync(db => db.PostcodeDistricts.AnyAsync(d => d.Outcode == "YY3")));
    }

    /// <summary>A value too long to be a district is told what it is not, not how long it may be.</summary>
    [Fact]
    public async Task A_long_value_is_told_it_is_not_a_postcode_district()
    {
        var result = await App.ImportAsync("outcodes", Csv("bad.csv", "outcode,latitude,longitude\nHELLO WORLD,55,-1\n"));

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "outcode", "\"HELLO WORLD\" is not a postcode district (outcode), e.g. WV10"), (error.Row, error.Column, error.Message));
    }
}
