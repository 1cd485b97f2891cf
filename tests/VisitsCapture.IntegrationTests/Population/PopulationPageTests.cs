using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;
using static VisitsCapture.IntegrationTests.Population.PopulationData;

namespace VisitsCapture.IntegrationTests.Population;

public sealed class PopulationPageTests(PopulationFixture fixture) : PopulationPageTests<PopulationFixture>(fixture);

public sealed class PostgresPopulationPageTests(PostgresPopulationFixture fixture) : PopulationPageTests<PostgresPopulationFixture>(fixture);

/// <summary>
/// Import through the governor's page, then read the establishment's "Population and distance from home" page.
/// Expected figures are hand-computed (Python haversine, R = 3958.8 mi) from the real centroids in
/// <see cref="PopulationData.Districts"/> and HMP Featherstone's coordinates:
/// WV10 1.9268, WS1 7.1872, B1 14.2581, TF1 16.9845, ST1 26.4255, SY1 26.9727, CV1 30.1735, LL11 48.2379,
/// M1 57.6324, CF10 92.7522, SW1A 115.2100, EH1 232.4192 miles.
/// </summary>
public abstract class PopulationPageTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : AppFixture<PopulationAppFactory>
{
    private PopulationAppFactory App => fixture.App;

    /// <summary>March: 6 prisoners, all known. April: 11 prisoners, 3 with unknown homes (none, invalid, unknown district).</summary>
    public const string FeatherstoneFile = """
        establishment,snapshot_date,prisoner,home_postcode,home_source
        FSX,2025-03-31,A1111AA,WV10 6AA,home
        FSX,2025-03-31,A2222BB,WS1 1AA,home
        FSX,2025-03-31,A4444DD,TF1 1AA,home
        FSX,2025-03-31,Z1111ZZ,ST1 1AA,home
        FSX,2025-03-31,Z2222ZZ,CV1 1AA,home
        FSX,2025-03-31,Z3333ZZ,EH1 1AA,home
        FSX,2025-04-30,A1111AA,WV10 6AA,home
        FSX,2025-04-30,A2222BB,b1 1bb,court
        FSX,2025-04-30,A3333CC,CF101AA,next_of_kin
        FSX,2025-04-30,A4444DD,M1 1AA,discharge
        FSX,2025-04-30,A5555EE,LL11 1AA,HOME
        FSX,2025-04-30,A6666FF,,
        FSX,2025-04-30,A7777GG,ZZ99 9ZZ,home
        FSX,2025-04-30,A8888HH,NOT A POSTCODE,home
        FSX,2025-04-30,A9999JJ,SY1 1AA,Court
        FSX,2025-04-30,B1234KK,EH1 1AA,home
        FSX,2025-04-30,C1234LL,SW1A 1AA,next_of_kin
        """;

    /// <summary>Every full postcode of <see cref="FeatherstoneFile"/>, as written and in capitals without the space.</summary>
    public static readonly string[] FullPostcodes =
    [
        "WV10 6AA", "WV106AA", "WS1 1AA", "WS11AA", "TF1 1AA", "TF11AA", "ST1 1AA", "ST11AA", "CV1 1AA", "CV11AA",
        "EH1 1AA", "EH11AA", "b1 1bb", "B11BB", "CF101AA", "CF10 1AA", "M1 1AA", "M11AA", "LL11 1AA", "LL111AA",
        "ZZ99 9ZZ", "ZZ999ZZ", "NOT A POSTCODE", "SY1 1AA", "SY11AA", "SW1A 1AA", "SW1A1AA",
    ];

    private async Task<HttpClient> FeatherstoneWithDataAsync()
    {
        await AddDistrictsAsync(App);
        await App.AddEstablishmentAsync("FSX", latitude: FeatherstoneLat, longitude: FeatherstoneLon);
        await App.AddUserAsync("gov-fsx", Roles.Governor, "FSX");
        var governor = await App.SignedInAsync("gov-fsx");
        var page = await ImportAsync(governor, "/establishments/FSX/population/import", "population", FeatherstoneFile);
        Assert.Contains("Population data imported", page);
        Assert.Contains("17 rows read", page);
        page = await ImportAsync(governor, "/establishments/FSX/population/import", "population-counts",
            "establishment,snapshot_date,population\nFSX,2025-04-15,13\n");
        Assert.Contains("Population data imported", page);
        return governor;
    }

    [Fact]
    public async Task Import_then_the_page_shows_the_hand_computed_figures_and_no_full_postcode_is_kept_anywhere()
    {
        var governor = await FeatherstoneWithDataAsync();
        var doc = Html(await governor.GetStringAsync("/establishments/FSX/population"));

        // April is the latest month. P = mean of the snapshots of 15 April (13, counts only) and 30 April (11 prisoners).
        Assert.Equal("April 2025", Text(doc, "#month-heading"));
        Assert.Equal("12 (average of 2 snapshots)", Text(doc, "#figure-population"));
        // Known: 1.9268, 14.2581, 26.9727, 48.2379 (within 50) | 57.6324, 92.7522, 115.2100, 232.4192.
        Assert.Equal("50.0%", Text(doc, "#figure-pli"));
        Assert.Equal("52.9", Text(doc, "#figure-median")); // (48.2379 + 57.6324) / 2 = 52.935
        Assert.Equal("73.7", Text(doc, "#figure-mean")); // 589.4093 / 8 = 73.676
        Assert.Equal("8", Text(doc, "#figure-known"));
        Assert.Equal("3", Text(doc, "#figure-unknown"));
        Assert.Contains("4 of the 8 prisoners with a known home (50.0%) lived within 50 miles", Text(doc, "#population-summary"));

        Assert.Equal(["Under 25 miles", "2", "18.2%"], Row(doc, "#band-table tr[data-band=Under25]"));
        Assert.Equal(["25 to 50 miles", "2", "18.2%"], Row(doc, "#band-table tr[data-band=From25To50]"));
        Assert.Equal(["50 to 75 miles", "1", "9.1%"], Row(doc, "#band-table tr[data-band=From50To75]"));
        Assert.Equal(["75 to 100 miles", "1", "9.1%"], Row(doc, "#band-table tr[data-band=From75To100]"));
        Assert.Equal(["Over 100 miles", "2", "18.2%"], Row(doc, "#band-table tr[data-band=Over100]"));
        Assert.Equal(["Unknown", "3", "27.3%"], Row(doc, "#band-table tr[data-band=Unknown]"));
        using (var chart = JsonDocument.Parse(Text(doc, "#band-chart-data")))
        {
            Assert.Equal([2, 2, 1, 1, 2, 3], chart.RootElement.GetProperty("counts").EnumerateArray().Select(e => e.GetInt32()));
        }

        // March: 1.9268, 7.1872, 16.9845, 26.4255, 30.1735 within; 232.4192 not: 5/6. Median (16.9845 + 26.4255) / 2.
        Assert.Equal(["March 2025", "6", "83.3%", "21.7", "0"], Row(doc, "#trend-table tr[data-month='2025-03']"));
        Assert.Equal(["April 2025", "12", "50.0%", "52.9", "3"], Row(doc, "#trend-table tr[data-month='2025-04']"));
        Assert.Equal(["February 2025", "No data", "No data", "No data", "No data"], Row(doc, "#trend-table tr[data-month='2025-02']"));
        Assert.Equal(24, doc.QuerySelectorAll("#trend-table tbody tr").Length);
        Assert.NotNull(doc.QuerySelector("#trend-chart[role=img][aria-label]"));

        // Movement March → April. Leavers ST1, CV1, EH1 (mean 289.0182 / 3 = 96.339); stayers A1111AA, A2222BB (WS1 → B1), A4444DD (TF1 → M1);
        // 8 arrivals, 5 known (mean 515.592 / 5). PLI 83.333 → 100 (leavers gone) → 66.667 (stayers' moves) → 50.
        Assert.Equal(["Left", "3", "3", "96.3", "+16.7"], Row(doc, "#movement-table tr[data-group=Left]"));
        Assert.Equal(["Stayed", "3", "3", "24.6", "-33.3"], Row(doc, "#movement-table tr[data-group=Stayed]"));
        Assert.Equal(["Arrived", "8", "5", "103.1", "-16.7"], Row(doc, "#movement-table tr[data-group=Arrived]"));
        Assert.Contains("-33.3", Text(doc, "#movement-table tfoot"));
        Assert.Contains("from 83.3% to 50.0% (-33.3 percentage points)", Text(doc, "#movement-summary"));

        Assert.Contains("Home in Wales, held in England: 2.", Text(doc, "#cross-border")); // CF10 and LL11
        Assert.Equal(["Not known", "3", "27.3%", "No data", "No data"], Row(doc, "#local-authority-table tbody tr:last-child"));
        Assert.Equal(9, doc.QuerySelectorAll("#local-authority-table tbody tr").Length); // 8 authorities with one each, and not known
        Assert.Equal(["Wolverhampton", "1", "9.1%", "1.9", "100.0%"],
            doc.QuerySelectorAll("#local-authority-table tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray()).Single(r => r[0] == "Wolverhampton"));
        Assert.Equal(["Wales", "2", "18.2%", "70.5", "50.0%"], // (48.2379 + 92.7522) / 2; LL11 within 50, CF10 not
            doc.QuerySelectorAll("#region-table tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray()).Single(r => r[0] == "Wales"));
        Assert.Equal(
            ["Home address", "Committal court", "Next of kin", "Discharge address", "Not recorded"],
            doc.QuerySelectorAll("#source-table tbody tr th").Select(th => th.TextContent.Trim()));
        Assert.Equal(["5", "2", "2", "1", "1"], doc.QuerySelectorAll("#source-table tbody tr td:nth-child(2)").Select(td => td.TextContent.Trim()));
        var reasons = Text(doc, "#unknown-table");
        Assert.Contains("No home postcode given", reasons);
        Assert.Contains("Home postcode is not a valid UK postcode", reasons);
        Assert.Contains("Postcode district is not in the reference data", reasons);
        Assert.Contains("Contains OS data © Crown copyright", Text(doc, "#distance-attribution"));

        await AssertNoFullPostcodeStoredAsync();
        var logs = string.Join("\n", App.Logs.Lines);
        Assert.NotEmpty(App.Logs.Lines);
        Assert.All(FullPostcodes, p => Assert.DoesNotContain(p, logs, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every text of every column of every table, and the raw database and WAL bytes, are free of full postcodes.</summary>
    private async Task AssertNoFullPostcodeStoredAsync()
    {
        var hits = await App.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            // Every table of the database, the job server's too on PostgreSQL (its own schema).
            var columns = new List<(string Schema, string Table, string Column)>();
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = db.IsSqlite
                    ? "SELECT 'main', m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'"
                    : "SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')";
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                }
            }
            var found = new List<string>();
            var columnsSearched = 0;
            foreach (var (schema, table, column) in columns)
            {
                columnsSearched++;
                // "ZZ99" (a district) and "A7777GG" (a prisoner) are controls: the search must find what is stored.
                foreach (var postcode in FullPostcodes.Append("ZZ99").Append("A7777GG"))
                {
                    await using var cmd = connection.CreateCommand();
                    cmd.CommandText = $"SELECT COUNT(*) FROM \"{schema}\".\"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE '%' || @p || '%'";
                    var p = cmd.CreateParameter();
                    p.ParameterName = "@p";
                    p.Value = postcode;
                    cmd.Parameters.Add(p);
                    if (Convert.ToInt64(await cmd.ExecuteScalarAsync()) > 0)
                    {
                        found.Add($"{(schema is "main" or "public" ? "" : schema + ".")}{table}.{column}: {postcode}");
                    }
                }
            }
            Assert.True(columnsSearched > 50, $"only {columnsSearched} columns searched");
            return found;
        });
        Assert.Equal(["PopulationRecords.HomeDistrict: ZZ99", "PopulationRecords.Prisoner: A7777GG"], hits.Order(StringComparer.Ordinal));

        // The data is really there (districts), and the SQLite file's bytes hold no postcode either (not even in freed pages).
        var districts = await App.WithDbAsync(db => db.PopulationRecords.Where(r => r.HomeDistrict != null).Select(r => r.HomeDistrict!).Distinct().ToListAsync());
        Assert.Contains("WV10", districts);
        Assert.Contains("ZZ99", districts);
        foreach (var file in new[] { App.DatabaseFile, App.DatabaseFile + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            var bytes = System.Text.Encoding.Latin1.GetString(memory.ToArray());
            Assert.All(FullPostcodes, p => Assert.DoesNotContain(p, bytes, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Month_without_prisoner_level_data_says_so_and_an_establishment_without_data_offers_the_import()
    {
        await App.AddEstablishmentAsync("EMP", latitude: FeatherstoneLat, longitude: FeatherstoneLon);
        await App.AddUserAsync("gov-emp", Roles.Governor, "EMP");
        var governor = await App.SignedInAsync("gov-emp");
        var empty = Html(await governor.GetStringAsync("/establishments/EMP/population"));
        Assert.Contains("There is no population data for HMP EMP yet", empty.Body!.TextContent);
        Assert.NotNull(empty.QuerySelector("a[href='/establishments/EMP/population/import']"));

        await ImportAsync(governor, "/establishments/EMP/population/import", "population-counts",
            "establishment,snapshot_date,population\nEMP,2025-01-31,400\nEMP,2025-01-10,410\n");
        var doc = Html(await governor.GetStringAsync("/establishments/EMP/population"));
        Assert.Equal("405 (average of 2 snapshots)", Text(doc, "#figure-population"));
        Assert.Equal("No data", Text(doc, "#figure-pli"));
        Assert.Contains("Only counts were imported", Text(doc, "#population-summary"));
        Assert.Null(doc.QuerySelector("#band-table"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await governor.GetAsync("/establishments/EMP/population?month=2025-13")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await governor.GetAsync("/establishments/EMP/population?month=0001-01")).StatusCode);
    }
}
