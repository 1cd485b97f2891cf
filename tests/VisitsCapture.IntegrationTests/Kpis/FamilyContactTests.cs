using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.Web.CommandLine;
using static VisitsCapture.IntegrationTests.Kpis.FamilyContactDataset;

namespace VisitsCapture.IntegrationTests.Kpis;

[CollectionDefinition(Name)]
public sealed class FamilyContactCollection : ICollectionFixture<FamilyContactFixture>
{
    public const string Name = "Family contact dataset";
}

[CollectionDefinition(Name)]
public sealed class PostgresFamilyContactCollection : ICollectionFixture<PostgresFamilyContactFixture>
{
    public const string Name = "Family contact dataset on PostgreSQL";
}

[Collection(FamilyContactCollection.Name)]
public sealed class FamilyContactTests(FamilyContactFixture fixture) : FamilyContactTests<FamilyContactFixture>(fixture);

[Collection(PostgresFamilyContactCollection.Name)]
public sealed class PostgresFamilyContactTests(PostgresFamilyContactFixture fixture) : FamilyContactTests<PostgresFamilyContactFixture>(fixture);

/// <summary>Arrivals, leavers and nearer to home counted from the database and written in the monthly return (<see cref="FamilyContactDataset"/>).</summary>
public abstract class FamilyContactTests<TFixture>(TFixture fixture) where TFixture : FamilyContactFixtureBase
{
    private static readonly SemaphoreSlim Generated = new(1, 1);

    private Task<int> IdAsync(string code) => fixture.App.WithDbAsync(db => db.Establishments.Where(e => e.Code == code).Select(e => e.Id).SingleAsync());

    private async Task<IReadOnlyDictionary<int, KpiCounts>> MayAsync()
    {
        using var scope = fixture.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<KpiCountsQuery>().ForMonthAsync(May);
    }

    [Fact]
    public async Task Counts_arrivals_leavers_and_nearer_to_home_in_May()
    {
        var may = await MayAsync();

        var hom = may[await IdAsync("HOM")];
        Assert.True(hom.HasFamilyContact);
        Assert.Equal((6, 2, 4, 1), (hom.Arrivals, hom.ArrivalsVisited, hom.Leavers, hom.LeaversVisited));
        Assert.Equal(3, hom.NearerToHome);
        Assert.Equal(1, hom.UnknownHomes);

        var far = may[await IdAsync("FAR")];
        Assert.False(far.HasFamilyContact); // no previous snapshot
        Assert.Equal(1, far.NearerToHome); // HOM exactly at the radius of F1's home

        Assert.Equal(0, may[await IdAsync("HB")].NearerToHome); // G1's home exactly at the radius of HB: within

        var zer = may[await IdAsync("ZER")];
        Assert.True(zer.HasFamilyContact);
        Assert.Equal((0, 0, 1, 0), (zer.Arrivals, zer.ArrivalsVisited, zer.Leavers, zer.LeaversVisited));

        Assert.False(may[await IdAsync("CNT")].HasFamilyContact); // counts-only snapshot in April
    }

    [Fact]
    public async Task Monthly_return_csv_has_the_five_columns_after_unknown_home_count_and_the_xlsx_rolls_them_up()
    {
        await GenerateMayAsync();
        var csvPath = Path.Combine(Path.GetTempPath(), $"vc-family-contact-{Guid.NewGuid():N}.csv");
        var xlsxPath = Path.ChangeExtension(csvPath, ".xlsx");
        try
        {
            await RunAsync("export", "--month", "2025-05", "--format", "csv", "--out", csvPath);
            var lines = await File.ReadAllLinesAsync(csvPath);
            Assert.EndsWith(",pli_pct,unknown_home_count,arrivals,arrivals_visited_pct,leavers,leavers_visited_pct,nearer_to_home_count", lines[0], StringComparison.Ordinal);
            string Tail(string code) => string.Join(',', lines.Single(l => l.StartsWith(code + ",", StringComparison.Ordinal)).Split(',')[^6..]);
            Assert.Equal("1,6,33.33,4,25.00,3", Tail("HOM")); // 100·2/6, 100·1/4
            Assert.Equal("0,,,,,1", Tail("FAR")); // no previous snapshot: no data
            Assert.Equal("0,,,,,0", Tail("HB"));
            Assert.Equal("1,0,,1,0.00,0", Tail("ZER")); // zero arrivals: no data, never 0
            Assert.Equal("1,,,,,0", Tail("CNT")); // counts-only snapshot in April: no data

            await RunAsync("export", "--month", "2025-05", "--format", "xlsx", "--out", xlsxPath);
            var national = MiniExcel.Query(xlsxPath, useHeaderRow: true, sheetName: "National").Cast<IDictionary<string, object?>>().Single();
            double Number(string column) => Convert.ToDouble(national[column], System.Globalization.CultureInfo.InvariantCulture);
            // Ratios of sums: HOM and ZER, (2 + 0) / (6 + 0) and (1 + 0) / (4 + 1); nearer to home 3 + 1 + 0 + 0 + 0.
            Assert.Equal((6.0, 33.33, 5.0, 20.0, 4.0),
                (Number("arrivals"), Number("arrivals_visited_pct"), Number("leavers"), Number("leavers_visited_pct"), Number("nearer_to_home_count")));
        }
        finally
        {
            File.Delete(csvPath);
            File.Delete(xlsxPath);
        }
    }

    [Theory]
    [InlineData("gov-hom")]
    [InlineData("staff-hom")]
    public async Task Arrivals_not_visited_lists_the_arrivals_with_no_attended_visit_since_the_previous_snapshot(string user)
    {
        var client = await fixture.App.SignedInAsync(user);
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/establishments/HOM/arrivals-not-visited"));
        // Arrivals P4-P9; visited after 25 April up to today (15 June): P5, P6 and P9 (1 June). P4's visit was on the 25th itself.
        Assert.Equal(["P4", "P7", "P8"], page.QuerySelectorAll("#arrivals-not-visited tbody td").Select(td => td.TextContent.Trim()));
        Assert.Contains("3 of the 6 prisoners", page.QuerySelector("#arrivals-summary")!.TextContent.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);

        var csv = await client.GetStringAsync("/establishments/HOM/arrivals-not-visited/csv");
        Assert.Equal(["prisoner", "P4", "P7", "P8"], csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public async Task Nearer_to_home_lists_prison_numbers_with_the_establishments_near_their_home()
    {
        var client = await fixture.App.SignedInAsync("gov-hom");
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/establishments/HOM/nearer-to-home?month=2025-05"));
        var rows = page.QuerySelectorAll("#nearer-to-home tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["P3", "P4", "P7"], rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal(("60.0", "HMP NEA (NEA)"), (r[1], r[2])));

        var far = await fixture.App.SignedInAsync("gov-far");
        var csv = await far.GetStringAsync("/establishments/FAR/nearer-to-home/csv?month=2025-05");
        Assert.Equal(["prisoner,miles_from_home,establishments_nearer", "F1,350.0,HOM"], csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        Assert.Equal(HttpStatusCode.BadRequest, (await far.GetAsync("/establishments/FAR/nearer-to-home?month=May")).StatusCode);
    }

    [Theory]
    [InlineData("lead")]
    [InlineData("gov-far")]
    public async Task Others_see_no_prison_numbers_and_the_count_withheld_when_small(string user)
    {
        var client = await fixture.App.SignedInAsync(user);
        foreach (var url in new[] { "arrivals-not-visited", "arrivals-not-visited/csv", "nearer-to-home", "nearer-to-home/csv" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/establishments/HOM/{url}")).StatusCode);
        }
        if (user == "lead")
        {
            var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/establishments/HOM/population?month=2025-05"));
            Assert.Equal("<5", page.QuerySelector("#figure-nearer")!.TextContent.Trim()); // 3
            Assert.Null(page.QuerySelector("a[href*='/nearer-to-home']"));
        }
    }

    [Fact]
    public async Task The_establishments_governor_sees_the_exact_count_on_the_population_page()
    {
        var client = await fixture.App.SignedInAsync("gov-hom");
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/establishments/HOM/population?month=2025-05"));
        Assert.Equal("3", page.QuerySelector("#figure-nearer")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("a[href='/establishments/HOM/nearer-to-home?month=2025-05']"));
    }

    [Fact]
    public async Task The_returns_api_gives_the_new_figures_with_small_numbers_withheld_outside_the_establishment()
    {
        await GenerateMayAsync();
        var lead = await fixture.App.SignedInAsync("lead");
        var rows = JsonDocument.Parse(await lead.GetStringAsync("/api/returns/2025-05?level=establishments")).RootElement
            .GetProperty("rows").GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
        var hom = rows["HOM"];
        Assert.Equal(JsonValueKind.Null, hom.GetProperty("nearerToHome").ValueKind); // 3
        Assert.True(hom.GetProperty("nearerToHomeSuppressed").GetBoolean());
        Assert.Equal((6.0, 33.33), (Kpi(hom, "Arrivals").GetDouble(), Kpi(hom, "ArrivalsVisitedPct").GetDouble()));
        Assert.Equal(JsonValueKind.Null, Kpi(hom, "Leavers").ValueKind); // 4
        Assert.Equal(25.0, Kpi(hom, "LeaversVisitedPct").GetDouble());
        Assert.Equal(JsonValueKind.Null, Kpi(rows["FAR"], "Arrivals").ValueKind); // no previous snapshot: no data

        var governor = await fixture.App.SignedInAsync("gov-hom");
        var own = JsonDocument.Parse(await governor.GetStringAsync("/api/establishments/HOM/returns?month=2025-05")).RootElement
            .GetProperty("items").EnumerateArray().First();
        Assert.Equal((3, 4.0), (own.GetProperty("nearerToHome").GetInt32(), Kpi(own, "Leavers").GetDouble()));

        static JsonElement Kpi(JsonElement row, string kpi) =>
            row.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetString() == kpi).GetProperty("value");
    }

    private async Task GenerateMayAsync()
    {
        await Generated.WaitAsync();
        try
        {
            await RunAsync("generate", "--month", "2025-05"); // safe to run twice
        }
        finally
        {
            Generated.Release();
        }
    }

    private async Task RunAsync(params string[] args)
    {
        using var scope = fixture.App.Services.CreateScope();
        using var output = new StringWriter();
        Assert.Equal(0, await ReturnsCommand.RunAsync(scope.ServiceProvider, args, output, CancellationToken.None));
    }
}

/// <summary>A late visit changes the family contact of later months: their KPI summaries are recounted (MonthlyKpiStaleness).</summary>
public sealed class FamilyContactStalenessTests(FamilyContactFixture fixture) : IClassFixture<FamilyContactFixture>
{
    [Fact]
    public async Task A_late_visit_in_april_or_march_changes_the_may_summary()
    {
        var hom = await fixture.App.WithDbAsync(db => db.Establishments.Where(e => e.Code == "HOM").Select(e => e.Id).SingleAsync());
        async Task<KpiCounts> MayAsync()
        {
            using var scope = fixture.App.Services.CreateScope();
            var rows = await scope.ServiceProvider.GetRequiredService<MonthlyKpiStore>().CountsAsync([May]);
            return rows.Single(r => r.EstablishmentId == hom).Counts;
        }
        var before = await MayAsync();
        Assert.Equal((2, 1), (before.ArrivalsVisited, before.LeaversVisited));

        // P4 (an arrival) visited on 28 April, after S(April) of the 25th; L1 (a leaver) on 1 March, within 90 days of 20 May.
        await fixture.App.WithDbAsync(async db =>
        {
            db.Visits.AddRange(NewVisit(hom, new(2025, 4, 28), "P4"), NewVisit(hom, new(2025, 3, 1), "L1"));
            await db.SaveChangesAsync();
        });

        var after = await MayAsync();
        Assert.Equal((3, 2), (after.ArrivalsVisited, after.LeaversVisited));
    }
}
