using System.Net;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;
using static VisitsCapture.IntegrationTests.Imports.ImportTesting;

namespace VisitsCapture.IntegrationTests.Imports;

public sealed class EstablishmentImportTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Header = "code,name,region,function,contracted,operational_capacity,cna,postcode,latitude,longitude,opened,closed";

    private AppFactory App => fixture.App;

    private static DateOnly Today => LondonTime.Today(TimeProvider.System);

    private Task AddDistrictAsync(string outcode, double latitude, double longitude) => App.WithDbAsync(async db =>
    {
        if (!await db.PostcodeDistricts.AnyAsync(d => d.Outcode == outcode))
        {
            db.PostcodeDistricts.Add(new PostcodeDistrict { Outcode = outcode, Latitude = latitude, Longitude = longitude, Source = "test" });
            await db.SaveChangesAsync();
        }
    });

    [Fact]
    public async Task Imports_a_good_file_using_the_district_centre_when_coordinates_are_missing_and_repeating_it_changes_nothing()
    {
        await AddDistrictAsync("WV10", 52.619152, -2.113524);
        // Columns in another order and an unknown column: both allowed.
        var csv = """
            name,code,region,function,contracted,operational_capacity,cna,postcode,latitude,longitude,opened,closed,notes
            HMP Good One,ega,West Midlands,Male local,false,1450,1120,B18 4AS,52.4886,-1.9261,2011-10-01,,first
            HMP Good Two,EGB,West Midlands,Male Cat C trainer,true,700,,wv106aa,,,,,second
            """;

        var first = await App.ImportAsync("establishments", Csv("establishments.csv", csv));

        Assert.True(first.Succeeded, string.Join("; ", first.Errors));
        Assert.Equal((2, 2, 0, 0), (first.Rows, first.Added, first.Updated, first.Unchanged));
        await App.WithDbAsync(async db =>
        {
            var one = await db.Establishments.Include(e => e.History).SingleAsync(e => e.Code == "EGA");
            Assert.Equal(("HMP Good One", 1450, 1120, "B18 4AS", 52.4886, -1.9261, false), (one.Name, one.OperationalCapacity, one.Cna, one.Postcode, one.Latitude, one.Longitude, one.LocationApproximate));
            Assert.Equal(new DateOnly(2011, 10, 1), Assert.Single(one.History).EffectiveFrom);
            var two = await db.Establishments.Include(e => e.History).SingleAsync(e => e.Code == "EGB");
            Assert.Equal(("WV10 6AA", 52.619152, -2.113524, true, true), (two.Postcode, two.Latitude, two.Longitude, two.LocationApproximate, two.Contracted));
            Assert.Equal(Today, Assert.Single(two.History).EffectiveFrom);
        });

        var counts = await App.TableCountsAsync();
        var data = await App.ReferenceDataAsync();
        var second = await App.ImportAsync("establishments", Csv("establishments.csv", csv));

        Assert.Equal((2, 0, 0, 2), (second.Rows, second.Added, second.Updated, second.Unchanged));
        Assert.Equal(counts, await App.TableCountsAsync());
        Assert.Equal(data, await App.ReferenceDataAsync());
    }

    [Fact]
    public async Task A_file_with_one_bad_row_is_rejected_on_the_admin_page_naming_row_and_column_and_nothing_is_written()
    {
        await App.AddUserAsync("admin.establishments", Roles.Administrator, null);
        var client = await App.SignedInAsync("admin.establishments");
        var csv = $"""
            {Header}
            EBA,HMP Bad One,Wales,Male local,false,,,,51.5,-3.2,,
            EBB,HMP Bad Two,Wales,Male local,false,,,,north,-3.2,,
            EBC,HMP Bad Three,Wales,Male local,false,,,,51.6,-3.1,,
            """;
        var before = await App.TableCountsAsync();

        var response = await client.PostFilesAsync("/admin/imports", "/admin/imports", new() { ["kind"] = "establishments" }, ("files", "establishments.csv", csv));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The file was not imported", html);
        Assert.Matches(@"<td class=""govuk-table__cell"">3</td>\s*<td class=""govuk-table__cell"">latitude</td>\s*<td class=""govuk-table__cell"">&quot;north&quot; is not a number</td>", html);
        Assert.Equal(before, await App.TableCountsAsync());
        Assert.False(await App.WithDbAsync(db => db.Establishments.AnyAsync(e => e.Code == "EBA" || e.Code == "EBC")));
    }

    [Fact]
    public async Task A_good_file_is_imported_from_the_admin_page()
    {
        await App.AddUserAsync("admin.establishments2", Roles.Administrator, null);
        var client = await App.SignedInAsync("admin.establishments2");
        var csv = $"""
            {Header}
            EPA,HMP Page,London,Male local,false,900,800,SW18 3HU,51.4504,-0.1784,,
            """;

        var response = await client.PostFilesAsync("/admin/imports", "/admin/imports", new() { ["kind"] = "establishments" }, ("files", "establishments.csv", csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("1 rows read: 1 added, 0 updated, 0 unchanged.", await response.Content.ReadAsStringAsync());
        Assert.Equal("HMP Page", await App.WithDbAsync(db => db.Establishments.Where(e => e.Code == "EPA").Select(e => e.Name).SingleAsync()));
    }

    [Fact]
    public async Task A_changed_attribute_adds_a_history_row_from_today_and_keeps_the_old_one()
    {
        var before = $"""
            {Header}
            EHA,HMP History,North West,Male local,false,800,700,,53.46,-2.93,2005-04-01,
            """;
        var after = $"""
            {Header}
            EHA,HMP History,North West,Male Cat C trainer,false,650,700,,53.46,-2.93,2005-04-01,
            """;
        Assert.True((await App.ImportAsync("establishments", Csv("before.csv", before))).Succeeded);

        var result = await App.ImportAsync("establishments", Csv("after.csv", after));

        Assert.Equal((0, 1, 0), (result.Added, result.Updated, result.Unchanged));
        await App.WithDbAsync(async db =>
        {
            var e = await db.Establishments.Include(x => x.History).SingleAsync(x => x.Code == "EHA");
            Assert.Equal(("Male Cat C trainer", 650), (e.Function, e.OperationalCapacity));
            var history = e.History.OrderBy(h => h.EffectiveFrom).Select(h => (h.EffectiveFrom, h.Function, h.OperationalCapacity)).ToList();
            (DateOnly, string, int?)[] expected = [(new DateOnly(2005, 4, 1), "Male local", 800), (Today, "Male Cat C trainer", 650)];
            Assert.Equal(expected, history.ToArray());
            Assert.Equal("Male local", e.AttributesOn(new DateOnly(2020, 1, 1)).Function);
        });

        var again = await App.ImportAsync("establishments", Csv("after.csv", after));
        Assert.Equal((0, 0, 1), (again.Added, again.Updated, again.Unchanged));
    }

    [Fact]
    public async Task Every_bad_row_is_reported_and_a_postcode_without_a_known_district_says_to_import_districts_first()
    {
        var csv = $"""
            {Header}
            E!,Bad code,Wales,Male local,false,,,,51.5,-3.2,,
            EVB,No location,Wales,Male local,false,,,ZE2 9ZZ,,,,
            EVC,Closed before opened,Wales,Male local,false,,,,51.5,-3.2,2020-01-01,2019-12-31
            EVD,One coordinate,Wales,Male local,false,,,,51.5,,,
            EVE,,Wales,Male local,maybe,-5,,,51.5,-3.2,2020-02-30,
            EVF,First,Wales,Male local,false,,,,51.5,-3.2,,
            evf,Again,Wales,Male local,false,,,,51.5,-3.2,,
            """;
        var before = await App.TableCountsAsync();

        var result = await App.ImportAsync("establishments", Csv("bad.csv", csv));

        Assert.False(result.Succeeded);
        var errors = result.Errors.Select(e => (e.Row, e.Column)).ToList();
        (int, string?)[] expected =
            [(2, "code"), (3, "postcode"), (4, "closed"), (5, "longitude"), (6, "contracted"), (6, "name"), (6, "opened"), (6, "operational_capacity"), (8, "code")];
        Assert.Equal(expected, errors.OrderBy(e => e.Row).ThenBy(e => e.Column, StringComparer.Ordinal).ToArray());
        Assert.Contains("import postcode districts first, or give latitude and longitude", result.Errors.Single(e => e.Row == 3).Message);
        Assert.Contains("already in row 7", result.Errors.Single(e => e.Row == 8).Message);
        Assert.Equal(before, await App.TableCountsAsync());
    }

    [Fact]
    public async Task A_file_without_a_required_column_is_rejected_with_the_column_named()
    {
        var result = await App.ImportAsync("establishments", Csv("short.csv", "code,name\nEXA,HMP Short\n"));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Row == 1 && e.Column == "latitude" && e.Message.Contains("no column"));
    }
}
