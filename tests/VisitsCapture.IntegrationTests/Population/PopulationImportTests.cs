using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Core.Population;
using VisitsCapture.IntegrationTests.Imports;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.Web.Features.Population;
using static VisitsCapture.IntegrationTests.Population.PopulationData;

namespace VisitsCapture.IntegrationTests.Population;

public sealed class PopulationImportTests(PopulationFixture fixture) : PopulationImportTests<PopulationFixture>(fixture)
{
    [Fact]
    public async Task Missing_columns_and_an_empty_file_are_rejected_with_a_file_level_error()
    {
        var governor = await GovernorAsync("COL");
        var page = await ImportAsync(governor, "/establishments/COL/population/import", "population", "establishment,snapshot_date,prisoner\nCOL,2025-03-31,A1111AA\n");
        Assert.Contains("the header has no column \"home_postcode\"", Html(page).Body!.TextContent);
        page = await ImportAsync(governor, "/establishments/COL/population/import", "population-counts", "establishment,snapshot_date,population\n");
        Assert.Contains("The file has a header but no rows.", page);
        page = await ImportAsync(governor, "/establishments/COL/population/import", "population-counts",
            "establishment,snapshot_date,population\nCOL,2025-03-31,-4\nCOL,2025-03-31,100\nCOL,2025-03-31,101\n");
        Assert.Contains("must be a whole number from 0 to 5000", page);
        Assert.Contains("already has a count for the date earlier in the file", page);
        Assert.Empty(await SnapshotsAsync("COL"));
    }

    [Fact]
    public async Task A_governor_cannot_import_rows_for_another_establishment()
    {
        var governor = await GovernorAsync("GVA");
        await App.AddEstablishmentAsync("GVB");
        var page = await ImportAsync(governor, "/establishments/GVA/population/import", "population", Header +
            "GVA,2025-03-31,A1111AA,WV10 6AA,home\nGVB,2025-03-31,A2222BB,WV10 6AA,home\n");
        Assert.Equal(
            ["3", "establishment", "\"GVB\" is not an establishment you can import for (you can import for HMP GVA)"],
            Row(Html(page), "#import-errors tbody tr"));
        Assert.Empty(await SnapshotsAsync("GVA"));
        Assert.Empty(await SnapshotsAsync("GVB"));
    }

    [Fact]
    public async Task Pathway_leads_and_administrators_import_for_any_establishment_in_their_scope_and_staff_cannot_import()
    {
        await AddDistrictsAsync(App);
        await App.AddEstablishmentAsync("PLA", region: "North West");
        await App.AddEstablishmentAsync("PLW", region: "Wales", latitude: CardiffLat, longitude: CardiffLon);
        await App.AddUserAsync("admin-pop", Roles.Administrator, null);
        await App.AddUserAsync("pl-wales-pop", Roles.PathwayLead, "R:Wales");
        await App.AddUserAsync("staff-pla", Roles.VisitsStaff, "PLA");

        var admin = await App.SignedInAsync("admin-pop");
        var page = await ImportAsync(admin, "/population/import", "population-counts",
            "establishment,snapshot_date,population\nPLA,2025-03-31,500\nPLW,2025-03-31,800\n");
        Assert.Contains("2 rows read: 2 added, 0 updated", page);

        var regional = await App.SignedInAsync("pl-wales-pop");
        page = await ImportAsync(regional, "/population/import", "population-counts",
            "establishment,snapshot_date,population\nPLA,2025-04-30,500\nPLW,2025-04-30,810\n");
        Assert.Contains("\"PLA\" is not an establishment you can import for (you can import for establishments in the Wales region)", Html(page).Body!.TextContent);
        page = await ImportAsync(regional, "/population/import", "population-counts", "establishment,snapshot_date,population\nPLW,2025-04-30,810\n");
        Assert.Contains("Population data imported", page);
        Assert.Equal([500, 800, 810], (await SnapshotsAsync("PLA")).Concat(await SnapshotsAsync("PLW")).Select(s => s.Population));

        var staff = await App.SignedInAsync("staff-pla");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/establishments/PLA/population/import")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/population/import")).StatusCode);
        var token = await staff.TokenAsync("/establishments");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("population-counts"), "kind" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("establishment,snapshot_date,population\nPLA,2025-01-31,1\n")), "file", "p.csv" },
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsync("/establishments/PLA/population/import", form)).StatusCode);
        Assert.Equal([500, 800, 810], (await SnapshotsAsync("PLA")).Concat(await SnapshotsAsync("PLW")).Select(s => s.Population));
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/establishments/PLA/population")).StatusCode); // the governor and the pathway review it
    }

    [Fact]
    public async Task The_import_form_checks_its_fields_and_the_status_belongs_to_the_importer_only()
    {
        var governor = await GovernorAsync("FRM");
        var response = await governor.PostFilesAsync("/establishments/FRM/population/import", "/establishments/FRM/population/import", new() { ["kind"] = "visits" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Select what the file holds", html);
        Assert.Contains("Select a CSV file to import", html);
        Assert.Contains("govuk-error-summary", html);

        var (status, location) = await StartImportAsync(governor, "/establishments/FRM/population/import", "population", Header + "FRM,2025-03-31,A1111AA,WV10 6AA,home\n");
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Matches("^/establishments/FRM/population/import/[0-9a-f-]{36}$", location);
        await ImportAsync(governor, "/establishments/FRM/population/import", "population", Header + "FRM,2025-03-31,A1111AA,WV10 6AA,home\n");
        using (var json = JsonDocument.Parse(await governor.GetStringAsync(location + "/status")))
        {
            Assert.Equal("succeeded", json.RootElement.GetProperty("status").GetString());
            Assert.Equal(1, json.RootElement.GetProperty("rowsRead").GetInt32());
            Assert.Equal(100, json.RootElement.GetProperty("percent").GetInt32());
        }

        // Another governor of the same prison does not see it; nor does anyone via a made-up id.
        await App.AddUserAsync("gov-frm-2", Roles.Governor, "FRM");
        var other = await App.SignedInAsync("gov-frm-2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(location + "/status")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await governor.GetAsync($"/establishments/FRM/population/import/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Progress_page_works_without_javascript_and_polls_with_it()
    {
        var governor = await GovernorAsync("PRG");
        var page = await governor.GetStringAsync("/establishments/PRG/population/import");
        Assert.Contains("enctype=\"multipart/form-data\"", page);

        // A large file: the status page is shown while it runs (or just after), with a refresh link and no meta refresh.
        var rows = new StringBuilder(Header);
        for (var i = 0; i < 20_000; i++)
        {
            rows.Append(CultureInvariant($"PRG,2025-03-31,A{i % 10_000:D4}{(char)('A' + i / 10_000)}A,WV10 6AA,home\n"));
        }
        var (_, location) = await StartImportAsync(governor, "/establishments/PRG/population/import", "population", rows.ToString());
        var html = await governor.GetStringAsync(location);
        Assert.DoesNotContain("http-equiv", html);
        if (!html.Contains("Population data imported"))
        {
            var doc = Html(html);
            Assert.NotNull(doc.QuerySelector("progress#import-progress-bar[max='100']"));
            Assert.Equal(location, doc.QuerySelector("#import-refresh")!.GetAttribute("href"));
            Assert.Equal(location + "/status", doc.QuerySelector("#import-progress")!.GetAttribute("data-status-url"));
            Assert.NotNull(doc.QuerySelector("script[src^='/js/import-progress.js']"));
        }
        html = await ImportAsync(governor, "/establishments/PRG/population/import", "population", rows.ToString());
        Assert.Contains("20000 rows read: 0 added, 0 updated, 20000 unchanged.", html);
        Assert.Equal(20_000, (await SnapshotsAsync("PRG")).Single().Population);
    }
}

/// <summary>On PostgreSQL, where the records go through the batched ADO.NET writer with 1,000-row statements.</summary>
public sealed class PostgresPopulationImportTests(PostgresPopulationFixture fixture) : PopulationImportTests<PostgresPopulationFixture>(fixture);

/// <summary>The population and population-counts imports: replacement, all-or-nothing, unknown homes, scope and who may import.</summary>
public abstract class PopulationImportTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : AppFixture<PopulationAppFactory>
{
    protected PopulationAppFactory App => fixture.App;

    protected const string Header = "establishment,snapshot_date,prisoner,home_postcode,home_source\n";

    protected async Task<HttpClient> GovernorAsync(string code, string region = "West Midlands")
    {
        await AddDistrictsAsync(App);
        await App.AddEstablishmentAsync(code, region: region, latitude: FeatherstoneLat, longitude: FeatherstoneLon);
        await App.AddUserAsync("gov-" + code.ToLowerInvariant(), Roles.Governor, code);
        return await App.SignedInAsync("gov-" + code.ToLowerInvariant());
    }

    protected Task<List<(string Prisoner, string? District, HomeSource? Source, string? Reason)>> RecordsAsync(string code, DateOnly date) =>
        App.WithDbAsync(async db => (await db.PopulationRecords
                .Where(r => db.PopulationSnapshots.Any(s => s.Id == r.SnapshotId && s.SnapshotDate == date && s.Establishment!.Code == code))
                .OrderBy(r => r.Prisoner)
                .Select(r => new { r.Prisoner, r.HomeDistrict, r.HomeSource, r.UnknownHomeReason })
                .ToListAsync())
            .Select(r => (r.Prisoner, r.HomeDistrict, r.HomeSource, r.UnknownHomeReason)).ToList());

    protected Task<List<PopulationSnapshot>> SnapshotsAsync(string code) =>
        App.WithDbAsync(db => db.PopulationSnapshots.AsNoTracking().Where(s => s.Establishment!.Code == code).OrderBy(s => s.SnapshotDate).ToListAsync());

    [Fact]
    public async Task Reimport_replaces_the_snapshot_for_that_date_only()
    {
        var governor = await GovernorAsync("RPL");
        await ImportAsync(governor, "/establishments/RPL/population/import", "population", Header +
            "RPL,2025-05-31,A1111AA,WV10 6AA,home\nRPL,2025-05-31,A2222BB,B1 1AA,home\nRPL,2025-05-31,A3333CC,M1 1AA,court\n" +
            "RPL,2025-06-30,A1111AA,WV10 6AA,home\n");

        var page = await ImportAsync(governor, "/establishments/RPL/population/import", "population", Header +
            "RPL,2025-05-31,A1111AA,SY1 1AA,discharge\nRPL,2025-05-31,B9999ZZ,,\n");

        // A1111AA's home changed, B9999ZZ is new; A2222BB and A3333CC are no longer in the snapshot.
        Assert.Contains("2 rows read: 1 added, 1 updated, 0 unchanged.", page);
        Assert.Contains("1 snapshot saved (0 new, 1 replacing an earlier import, which had 2 prisoners no longer in the file)", page);
        var snapshots = await SnapshotsAsync("RPL");
        Assert.Equal([(new DateOnly(2025, 5, 31), 2), (new DateOnly(2025, 6, 30), 1)], snapshots.Select(s => (s.SnapshotDate, s.Population)));
        Assert.All(snapshots, s => Assert.Equal(PopulationSnapshotKind.PrisonerLevel, s.Kind));
        Assert.Equal(
            [("A1111AA", "SY1", HomeSource.Discharge, null), ("B9999ZZ", null, null, UnknownHome.NoPostcode)],
            await RecordsAsync("RPL", new DateOnly(2025, 5, 31)));
        Assert.Single(await RecordsAsync("RPL", new DateOnly(2025, 6, 30)));
        Assert.Equal(3, await App.WithDbAsync(db => db.PopulationRecords.CountAsync(r => db.PopulationSnapshots.Any(s => s.Id == r.SnapshotId && s.Establishment!.Code == "RPL"))));

        // A counts file for the same date replaces the prisoner-level snapshot too: one snapshot per establishment and date.
        var counts = "establishment,snapshot_date,population\nRPL,2025-05-31,700\nRPL,2025-07-31,650\n";
        Assert.Contains("2 rows read: 1 added, 1 updated, 0 unchanged.", await ImportAsync(governor, "/establishments/RPL/population/import", "population-counts", counts));
        Assert.Contains("2 rows read: 0 added, 0 updated, 2 unchanged.", await ImportAsync(governor, "/establishments/RPL/population/import", "population-counts", counts));
        snapshots = await SnapshotsAsync("RPL");
        Assert.Equal((PopulationSnapshotKind.CountOnly, 700), (snapshots[0].Kind, snapshots[0].Population));
        Assert.Empty(await RecordsAsync("RPL", new DateOnly(2025, 5, 31)));
    }

    [Fact]
    public async Task Prison_numbers_are_read_as_the_hall_reads_them_and_a_duplicate_is_found_in_any_spelling()
    {
        var governor = await GovernorAsync("PNR");

        var page = await ImportAsync(governor, "/establishments/PNR/population/import", "population", Header +
            "PNR,2025-05-31, a1111 aa ,WV10 6AA,home\nPNR,2025-05-31,A2222BB,B1 1AA,home\n");
        Assert.Contains("2 rows read", page);
        Assert.Equal(["A1111AA", "A2222BB"], (await RecordsAsync("PNR", new DateOnly(2025, 5, 31))).Select(r => r.Prisoner));

        page = await ImportAsync(governor, "/establishments/PNR/population/import", "population", Header +
            "PNR,2025-06-30,A1111AA,WV10 6AA,home\nPNR,2025-06-30,a1111aa,B1 1AA,home\n");
        Assert.Contains("appears more than once in this establishment", page);
    }

    [Fact]
    public async Task The_same_file_imported_twice_from_the_command_line_leaves_the_same_data()
    {
        await AddDistrictsAsync(App);
        await App.AddEstablishmentAsync("CLI", latitude: FeatherstoneLat, longitude: FeatherstoneLon);
        await App.AddEstablishmentAsync("CLJ", region: "Wales", latitude: CardiffLat, longitude: CardiffLon);
        var file = Header + "CLI,2025-01-31,A1111AA,WV10 6AA,Home\nCLJ,2025-01-31,A1111AA,CF10 1AA,NEXT_OF_KIN\nCLI,2025-01-31,A2222BB,bad,home\n" +
            "CLJ,2025-02-28,A3333CC,np20 1aa,\nCLI,2025-01-31,A3333CC,ZZ99 9ZZ,court\n";

        Task<ImportResult> ImportOnceAsync() => App.ImportAsync("population", ImportTesting.Csv("national.csv", file));

        Task<List<string>> AllAsync() => App.WithDbAsync(async db => (await (
                from r in db.PopulationRecords
                join s in db.PopulationSnapshots on r.SnapshotId equals s.Id
                where s.Establishment!.Code == "CLI" || s.Establishment!.Code == "CLJ"
                select new { s.Establishment!.Code, s.SnapshotDate, s.Population, r.Prisoner, r.HomeDistrict, r.HomeSource, r.UnknownHomeReason })
            .ToListAsync())
            .Select(x => $"{x.Code} {x.SnapshotDate:yyyy-MM-dd} {x.Prisoner} {x.HomeDistrict} {x.HomeSource} {x.UnknownHomeReason}")
            .Order(StringComparer.Ordinal).ToList());

        var first = await ImportOnceAsync();
        Assert.True(first.Succeeded, string.Join("; ", first.Errors));
        var after1 = await AllAsync();
        var second = await ImportOnceAsync();
        Assert.True(second.Succeeded);
        Assert.Equal((5, 0, 0, 5), (second.Rows, second.Added, second.Updated, second.Unchanged));
        var after2 = await AllAsync();

        Assert.Equal(after1, after2);
        Assert.Equal(
            [
                "CLI 2025-01-31 A1111AA WV10 Home ",
                "CLI 2025-01-31 A2222BB  Home " + UnknownHome.InvalidPostcode,
                "CLI 2025-01-31 A3333CC ZZ99 Court " + UnknownHome.UnknownDistrict,
                "CLJ 2025-01-31 A1111AA CF10 NextOfKin ",
                "CLJ 2025-02-28 A3333CC NP20  ",
            ],
            after2);
        Assert.Equal(3, (await SnapshotsAsync("CLI")).Single().Population);
    }

    [Fact]
    public async Task A_file_of_thousands_of_prisoners_is_written_in_full_and_a_bad_row_after_them_writes_nothing()
    {
        await AddDistrictsAsync(App);
        await App.AddEstablishmentAsync("BIG", latitude: FeatherstoneLat, longitude: FeatherstoneLon);
        // 2,345 prisoners: two full 1,000-row statements and a short one on PostgreSQL, 46 full 50-row ones and a short one on SQLite.
        var rows = new StringBuilder(Header);
        for (var i = 0; i < 2345; i++)
        {
            rows.Append(CultureInvariant($"BIG,2025-03-31,A{i:D4}AA,{(i % 4) switch { 0 => "WV10 6AA,home", 1 => "B1 1AA,court", 2 => ",", _ => "ZZ99 9ZZ,home" }}\n"));
        }

        var result = await App.ImportAsync("population", rows.ToString());

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(2345, result.Rows);
        Task<Dictionary<string, int>> HomesAsync() => App.WithDbAsync(db => db.PopulationRecords
            .Where(r => db.PopulationSnapshots.Any(s => s.Id == r.SnapshotId && s.Establishment!.Code == "BIG"))
            .GroupBy(r => new { r.HomeDistrict, r.HomeSource, r.UnknownHomeReason })
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => $"{g.Key.HomeDistrict} {g.Key.HomeSource} {g.Key.UnknownHomeReason}", g => g.Count));
        var homes = new Dictionary<string, int>
        {
            ["WV10 Home "] = 587, ["B1 Court "] = 586, ["  " + UnknownHome.NoPostcode] = 586, ["ZZ99 Home " + UnknownHome.UnknownDistrict] = 586,
        };
        Assert.Equal(homes, await HomesAsync());
        Assert.Equal(2345, (await SnapshotsAsync("BIG")).Single().Population);
        var edges = (await RecordsAsync("BIG", new DateOnly(2025, 3, 31))).Where(r => r.Prisoner is "A0999AA" or "A1000AA" or "A2344AA").ToList();
        Assert.Equal([("A0999AA", "ZZ99"), ("A1000AA", "WV10"), ("A2344AA", "WV10")], edges.Select(r => (r.Prisoner, r.District)));

        rows.Replace("WV10 6AA", "SY1 1AA").Append("BIG,2025-03-31,A9999,WV10 6AA,home\n");
        var bad = await App.ImportAsync("population", rows.ToString());

        Assert.False(bad.Succeeded);
        Assert.Equal((2347, "prisoner"), (bad.Errors.Single().Row, bad.Errors.Single().Column));
        Assert.Equal(homes, await HomesAsync());
    }

    [Fact]
    public async Task A_file_with_one_structural_bad_row_writes_nothing_and_reports_the_row_without_the_postcode()
    {
        var governor = await GovernorAsync("BAD");
        await ImportAsync(governor, "/establishments/BAD/population/import", "population", Header + "BAD,2025-03-31,A1111AA,WV10 6AA,home\n");
        var before = await RecordsAsync("BAD", new DateOnly(2025, 3, 31));

        // Row 4 has a bad prison number. Rows 2-3 would replace the March snapshot and add an April one.
        var page = await ImportAsync(governor, "/establishments/BAD/population/import", "population", Header +
            "BAD,2025-03-31,A2222BB,B1 1AA,home\nBAD,2025-04-30,A3333CC,M1 1AA,home\nBAD,2025-04-30,12345,SY1 9XY,home\n" +
            "BAD,2025-04-30,A3333CC,TF1 2AB,home\nBAD,2025-04-31,A4444DD,,home\nBAD,2025-04-30,A5555EE,,neighbour\nXXX,2025-04-30,A6666FF,,\n" +
            "BAD,2099-01-01,A7777GG,,\n");

        Assert.Contains("Population data not imported", page);
        Assert.Contains("Rejected: 6 problems found; nothing was imported.", page);
        var doc = Html(page);
        var errors = doc.QuerySelectorAll("#import-errors tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(
        [
            ["4", "prisoner", "is not a prison number in the form A1234BC"],
            ["5", "prisoner", "appears more than once in this establishment's snapshot for the date"],
            ["6", "snapshot_date", "is not a date in the form YYYY-MM-DD"],
            ["7", "home_source", "must be home, court, next_of_kin, discharge or empty"],
            ["8", "establishment", "\"XXX\" is not a known establishment code"],
            ["9", "snapshot_date", "is in the future"],
        ], errors);
        Assert.DoesNotContain("SY1 9XY", page);
        Assert.DoesNotContain("TF1 2AB", page);

        Assert.Single(await SnapshotsAsync("BAD"));
        Assert.Equal(before, await RecordsAsync("BAD", new DateOnly(2025, 3, 31)));
        var run = await App.WithDbAsync(db => db.ImportRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).FirstAsync(r => r.Kind == "population"));
        Assert.Equal(ImportStatus.Failed, run.Status);
        Assert.DoesNotContain("SY1", run.ErrorsJson);
        Assert.DoesNotContain("TF1", run.ErrorsJson);
    }

    protected static string CultureInvariant(FormattableString s) => FormattableString.Invariant(s);
}
