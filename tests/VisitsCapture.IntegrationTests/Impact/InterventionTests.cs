using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Impact;
using VisitsCapture.IntegrationTests.Imports;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.Web.CommandLine;

namespace VisitsCapture.IntegrationTests.Impact;

/// <summary>The app on 15 June 2025 (last complete month May 2025) with a window of 2 months (Impact:WindowMonths).</summary>
public sealed class ImpactAppFactory() : ClockedAppFactory(new DateTimeOffset(2025, 6, 15, 10, 0, 0, TimeSpan.Zero))
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Impact:WindowMonths", "2")];
}

/// <summary>
/// A hand-made dataset. Family group G: IMA, IMB, IMC and IMD. IMA opens a child-friendly area on 10 March 2025
/// (T = 2025-03, W = 2: before January and February, after April and May). Each month has one social session (places
/// C) and a count-only population P, and no visits:
/// <code>
///          Jan        Feb        Mar (T)    Apr        May
/// IMA   50/100     50/–       999/100    80/100     80/100     (February has no population: not counted)
/// IMB   40/100     40/100     40/100     50/100     50/100
/// IMC  100/200    100/200    100/200    100/200    100/200
/// IMD   10/100     10/100     10/100    200/100    200/100     (its own child-friendly area from 1 April: excluded)
/// </code>
/// Capacity ratio: IMA before 50/100 = 0.5 (1 month), after 160/200 = 0.8 (2 months). Comparators IMB and IMC:
/// before (80 + 200)/(200 + 400) = 0.4667, after (100 + 200)/600 = 0.5. Effect (0.8 − 0.5) − (0.5 − 0.4667) = 0.2667.
/// Placebos: IMB against IMC (0.5 − 0.4) − 0 = 0.1; IMC against IMB 0 − 0.1 = −0.1; both smaller: rank 1 of 3.
/// Visits per 100 prisoners is 0 everywhere: effect 0, and both placebo effects tie with it: rank 3 of 3.
/// </summary>
public sealed class InterventionFixture : AppFixture<ImpactAppFactory>
{
    public InterventionFixture() : base(null)
    {
    }

    public int ImaIntervention { get; private set; }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var ima = await App.AddEstablishmentAsync("IMA", "West Midlands");
        var imb = await App.AddEstablishmentAsync("IMB", "West Midlands");
        var imc = await App.AddEstablishmentAsync("IMC", "Wales");
        var imd = await App.AddEstablishmentAsync("IMD", "Wales");
        await App.AddEstablishmentAsync("IMX", "North West");
        await App.AddEstablishmentAsync("IMY", "North West");
        await App.AddUserAsync("gov-ima", Roles.Governor, "IMA");
        await App.AddUserAsync("staff-ima", Roles.VisitsStaff, "IMA");
        await App.AddUserAsync("gov-imb", Roles.Governor, "IMB");
        await App.AddUserAsync("gov-imx", Roles.Governor, "IMX");
        await App.AddUserAsync("lead-i", Roles.PathwayLead, null);
        await App.AddUserAsync("lead-wales", Roles.PathwayLead, "R:Wales");
        ImaIntervention = await App.WithDbAsync(async db =>
        {
            var g = new FamilyGroup { Name = "G", Function = "Male local" };
            db.FamilyGroups.Add(g);
            await db.SaveChangesAsync();
            foreach (var e in new[] { ima, imb, imc, imd })
            {
                db.FamilyGroupMemberships.Add(new FamilyGroupMembership { EstablishmentId = e.Id, FamilyGroupId = g.Id, FromMonth = 202401 });
            }
            Month(db, ima, [50, 50, 999, 80, 80], [100, null, 100, 100, 100]);
            Month(db, imb, [40, 40, 40, 50, 50], [100, 100, 100, 100, 100]);
            Month(db, imc, [100, 100, 100, 100, 100], [200, 200, 200, 200, 200]);
            Month(db, imd, [10, 10, 10, 200, 200], [100, 100, 100, 100, 100]);
            var intervention = new Intervention { EstablishmentId = ima.Id, Kind = InterventionKind.ChildFriendlyArea, StartDate = new(2025, 3, 10), Description = "Play area refurbished", Cost = 12500.5m };
            db.Interventions.AddRange(
                intervention,
                new Intervention { EstablishmentId = imd.Id, Kind = InterventionKind.ChildFriendlyArea, StartDate = new(2025, 4, 1), Description = "New play area" });
            await db.SaveChangesAsync();
            return intervention.Id;
        });
    }

    /// <summary>January to May 2025: one social session with these places, and a count-only population (null = none) each month.</summary>
    private static void Month(Core.Data.VisitsDbContext db, Establishment e, int[] places, int?[] population)
    {
        for (var i = 0; i < places.Length; i++)
        {
            var s = new Session { EstablishmentId = e.Id, Start = new(14, 0), End = new(16, 0), Type = SessionType.Social, CapacityVisits = places[i], CapacityVisitors = places[i] * 3 };
            s.SetDate(new DateOnly(2025, i + 1, 5));
            db.Sessions.Add(s);
            if (population[i] is { } p)
            {
                var day = new DateOnly(2025, i + 1, 28);
                db.PopulationSnapshots.Add(new PopulationSnapshot { EstablishmentId = e.Id, SnapshotDate = day, Month = YearMonth.Of(day).Key, Kind = PopulationSnapshotKind.CountOnly, Population = p });
            }
        }
    }
}

public sealed class InterventionTests(InterventionFixture fixture) : IClassFixture<InterventionFixture>
{
    private ImpactAppFactory App => fixture.App;

    private const string Header = "establishment,intervention_start,kind,kpi,months_before,months_after,before,after,comparators,comparators_before,comparators_after,effect,placebo_rank,placebo_count";

    private static Dictionary<string, string> Fields(string kind = "VisitsTeam", string day = "1", string month = "2", string year = "2025", string description = "Visits team set up", string cost = "2,500.00") => new()
    {
        ["Kind"] = kind, ["StartDay"] = day, ["StartMonth"] = month, ["StartYear"] = year, ["Description"] = description, ["Cost"] = cost,
    };

    [Fact]
    public async Task A_governor_records_changes_and_removes_an_intervention_and_every_change_is_audited()
    {
        var client = await App.SignedInAsync("gov-imx");

        var created = await client.PostFormAsync("/establishments/IMX/interventions/new", Fields());

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var saved = await App.WithDbAsync(db => db.Interventions.AsNoTracking().Include(i => i.Establishment).SingleAsync(i => i.Establishment!.Code == "IMX"));
        Assert.Equal((InterventionKind.VisitsTeam, new DateOnly(2025, 2, 1), "Visits team set up", (decimal?)2500m),
            (saved.Kind, saved.StartDate, saved.Description, saved.Cost));
        Assert.Equal($"/establishments/IMX/interventions/{saved.Id}", created.Headers.Location!.OriginalString);
        var page = await client.GetStringAsync(created.Headers.Location.OriginalString);
        Assert.Contains("Visits team established from 1 February 2025 recorded", page);
        Assert.Contains("2,500.00", page); // "£" is HTML-encoded

        var changed = await client.PostFormAsync($"/establishments/IMX/interventions/{saved.Id}/edit", Fields(description: "Visits team of four set up", cost: ""));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var after = await App.WithDbAsync(db => db.Interventions.AsNoTracking().SingleAsync(i => i.Id == saved.Id));
        Assert.Equal(("Visits team of four set up", (decimal?)null), (after.Description, after.Cost));

        var removed = await client.PostFormAsync($"/establishments/IMX/interventions/{saved.Id}/delete", [], $"/establishments/IMX/interventions/{saved.Id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.Interventions.AnyAsync(i => i.Id == saved.Id)));

        var audit = await App.WithDbAsync(db => db.AuditEvents.AsNoTracking()
            .Where(a => a.EntityType == nameof(Intervention) && a.EstablishmentId == saved.EstablishmentId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(3, audit.Count);
        Assert.Equal(("Created", "Deleted"), (audit[0], audit[2]));
    }

    [Fact]
    public async Task Mistakes_and_a_second_intervention_of_the_same_kind_and_date_are_refused_with_govuk_errors_and_nothing_is_saved()
    {
        var client = await App.SignedInAsync("lead-i");
        var before = await App.WithDbAsync(db => db.Interventions.CountAsync());

        var bad = await client.PostFormAsync("/establishments/IMX/interventions/new", Fields(kind: "Party", day: "31", month: "2", description: "", cost: "-3"));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var doc = new HtmlParser().ParseDocument(await bad.Content.ReadAsStringAsync());
        var errors = doc.QuerySelectorAll(".govuk-error-summary__list a").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToList();
        Assert.Equal(
        [
            ("#Kind", "Select the kind of intervention from the list"),
            ("#StartDay", "The start date must be a real date between 2000 and 2100, like 1 4 2025"),
            ("#Description", "Enter a description of the intervention"),
            ("#Cost", "The cost must be an amount in pounds, like 2500 or 2500.50"),
        ], errors);

        var duplicate = await client.PostFormAsync("/establishments/IMA/interventions/new", Fields(kind: "ChildFriendlyArea", day: "10", month: "3", year: "2025"));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("An intervention of this kind starting on this date is already recorded", await duplicate.Content.ReadAsStringAsync());
        Assert.Equal(before, await App.WithDbAsync(db => db.Interventions.CountAsync()));
    }

    [Fact]
    public async Task Only_the_establishments_governor_and_pathway_leads_reach_its_interventions()
    {
        var other = await App.SignedInAsync("gov-imb");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/establishments/IMA/interventions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/establishments/IMA/interventions/{fixture.ImaIntervention}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/establishments/IMA/interventions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/what-works")).StatusCode);
        var post = await other.PostFormAsync("/establishments/IMA/interventions/new", Fields(), "/establishments/IMB/interventions/new");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        var delete = await other.PostFormAsync($"/establishments/IMA/interventions/{fixture.ImaIntervention}/delete", [], "/establishments/IMB/interventions/new");
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        // Through its own address, another establishment's intervention is not found.
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/establishments/IMB/interventions/{fixture.ImaIntervention}")).StatusCode);

        var staff = await App.SignedInAsync("staff-ima");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/establishments/IMA/interventions")).StatusCode);
        var wales = await App.SignedInAsync("lead-wales");
        Assert.Equal(HttpStatusCode.Forbidden, (await wales.GetAsync("/establishments/IMA/interventions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await wales.GetAsync("/establishments/IMD/interventions")).StatusCode);
        var anonymous = App.Browser();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/api/establishments/IMA/interventions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await App.SignedInAsync("gov-ima")).GetAsync("/establishments/IMA/interventions")).StatusCode);
    }

    [Fact]
    public async Task The_intervention_page_shows_the_impact_the_chart_data_and_what_the_method_cannot_show()
    {
        var client = await App.SignedInAsync("gov-ima");

        var doc = new HtmlParser().ParseDocument(await client.GetStringAsync($"/establishments/IMA/interventions/{fixture.ImaIntervention}"));

        var capacity = doc.QuerySelector("#impact tr[data-kpi='CapacityRatio']")!;
        Assert.Equal(("0.50", "0.80", "+0.27", "1 of 3"),
            (Text(capacity, "[data-before]"), Text(capacity, "[data-after]"), Text(capacity, "[data-effect]"), Text(capacity, "[data-placebo]")));
        var visits = doc.QuerySelector("#impact tr[data-kpi='VisitsPer100Prisoners']")!;
        Assert.Equal(("0.00", "3 of 3"), (Text(visits, "[data-effect]"), Text(visits, "[data-placebo]")));
        Assert.Contains("HMP IMB, HMP IMC", doc.QuerySelector("[data-comparators]")!.TextContent);
        Assert.DoesNotContain("IMD", doc.QuerySelector("[data-comparators]")!.TextContent);
        Assert.Contains("association with a comparison, not proof", doc.QuerySelector("#method")!.TextContent);

        var chart = JsonDocument.Parse(doc.GetElementById("impact-CapacityRatio-data")!.TextContent).RootElement;
        Assert.Equal(["Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025", "May 2025"], chart.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!));
        Assert.Equal(new double?[] { 0.5, null, 9.99, 0.8, 0.8 }, chart.GetProperty("series")[0].GetProperty("data").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble()));
        Assert.Equal(2, chart.GetProperty("markers")[0].GetProperty("index").GetInt32());
        var table = doc.GetElementById("impact-CapacityRatio-table")!;
        Assert.Equal(5, table.QuerySelectorAll("tbody tr").Length);
        Assert.NotNull(doc.QuerySelector("canvas#impact-CapacityRatio[data-chart='impact-CapacityRatio-data']"));
    }

    [Fact]
    public async Task The_dashboard_trend_charts_mark_the_interventions_of_their_months()
    {
        var client = await App.SignedInAsync("gov-ima");

        var doc = new HtmlParser().ParseDocument(await client.GetStringAsync("/establishments/IMA/dashboard?month=2025-05"));

        var item = doc.QuerySelector("#trend-interventions li")!;
        Assert.Equal(("2025-03", "ChildFriendlyArea"), (item.GetAttribute("data-month"), item.GetAttribute("data-kind")));
        var chart = JsonDocument.Parse(doc.GetElementById("trend-CapacityRatio-data")!.TextContent).RootElement;
        var marker = chart.GetProperty("markers")[0];
        Assert.Equal("Mar 2025", chart.GetProperty("labels")[marker.GetProperty("index").GetInt32()].GetString());
        Assert.Equal("Child-friendly area opened or refurbished", marker.GetProperty("label").GetString());
    }

    [Fact]
    public async Task Impact_export_writes_the_documented_columns_rounded_with_no_data_empty()
    {
        var path = Path.Combine(Path.GetTempPath(), $"impact-{Guid.NewGuid():N}.csv");
        try
        {
            using var scope = App.Services.CreateScope();
            var output = new StringWriter();
            Assert.Equal(0, await ImpactCommand.RunAsync(scope.ServiceProvider, ["export", "--out", path], output, TestContext.Current.CancellationToken));

            var lines = await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(Header, lines[0]);
            Assert.Equal(
            [
                "IMA,2025-03-10,ChildFriendlyArea,capacity_ratio,1,2,0.50,0.80,2,0.47,0.50,0.27,1,2",
                "IMA,2025-03-10,ChildFriendlyArea,visits_per_100_prisoners,1,2,0.00,0.00,2,0.00,0.00,0.00,3,2",
                "IMA,2025-03-10,ChildFriendlyArea,child_visitors_per_100_prisoners,1,2,0.00,0.00,2,0.00,0.00,0.00,3,2",
                "IMA,2025-03-10,ChildFriendlyArea,prisoner_reach_pct,1,2,0.00,0.00,2,0.00,0.00,0.00,3,2",
            ], lines.Where(l => l.StartsWith("IMA,", StringComparison.Ordinal)));
            // IMD (T = April): IMA, with the same kind in its window, is excluded. Before February and March at 10/100;
            // after May (200/100) and June (no data). Comparators (80 + 200)/600 = 0.4667 before, 150/300 = 0.5 after.
            Assert.Contains("IMD,2025-04-01,ChildFriendlyArea,capacity_ratio,2,1,0.10,2.00,2,0.47,0.50,1.87,1,2", lines);
            Assert.Contains("rows written to", output.ToString());
        }
        finally
        {
            File.Delete(path);
        }

        using var bad = App.Services.CreateScope();
        await Assert.ThrowsAsync<CommandException>(() => ImpactCommand.RunAsync(bad.ServiceProvider, ["export"], TextWriter.Null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_api_gives_an_establishments_interventions_with_their_impact()
    {
        var client = await App.SignedInAsync("lead-i");

        var json = JsonDocument.Parse(await client.GetStringAsync("/api/establishments/IMA/interventions")).RootElement;

        var intervention = json.EnumerateArray().Single();
        Assert.Equal(("IMA", "ChildFriendlyArea", "2025-03-10", 12500.5m, 2, "G"),
            (intervention.GetProperty("establishment").GetString(), intervention.GetProperty("kind").GetString(), intervention.GetProperty("startDate").GetString(),
             intervention.GetProperty("cost").GetDecimal(), intervention.GetProperty("windowMonths").GetInt32(), intervention.GetProperty("familyGroup").GetString()));
        Assert.Equal(["IMB", "IMC"], intervention.GetProperty("comparators").EnumerateArray().Select(c => c.GetString()!));
        var capacity = intervention.GetProperty("impacts")[0];
        Assert.Equal(("capacity_ratio", 0.5, 0.8, 0.47, 0.5, 0.27, 1, 2),
            (capacity.GetProperty("kpi").GetString(), capacity.GetProperty("before").GetDouble(), capacity.GetProperty("after").GetDouble(),
             capacity.GetProperty("comparatorsBefore").GetDouble(), capacity.GetProperty("comparatorsAfter").GetDouble(), capacity.GetProperty("effect").GetDouble(),
             capacity.GetProperty("placeboRank").GetInt32(), capacity.GetProperty("placeboCount").GetInt32()));
    }

    [Fact]
    public async Task What_works_lists_interventions_by_kind_filtered_by_kind_kpi_region_and_group()
    {
        var client = await App.SignedInAsync("lead-i");

        var doc = new HtmlParser().ParseDocument(await client.GetStringAsync("/what-works?kind=ChildFriendlyArea&kpi=CapacityRatio&group=G"));

        var rows = doc.QuerySelectorAll("table[data-kind='ChildFriendlyArea'] tbody tr");
        Assert.Equal(["IMA", "IMD"], rows.Select(r => r.GetAttribute("data-establishment")!));
        Assert.All(rows, r => Assert.Equal("CapacityRatio", r.GetAttribute("data-kpi")));
        Assert.Equal(("+0.27", "1 of 3"), (Text(rows[0], "[data-effect]"), Text(rows[0], "[data-placebo]")));

        var wales = new HtmlParser().ParseDocument(await client.GetStringAsync("/what-works?region=Wales"));
        Assert.Equal(["IMD"], wales.QuerySelectorAll("tbody tr").Select(r => r.GetAttribute("data-establishment")!).Distinct());

        var bad = await client.GetAsync("/what-works?kpi=SessionsLost");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Select a KPI from the list", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Import_interventions_is_all_or_nothing_with_row_errors_and_a_second_import_changes_nothing()
    {
        var before = await App.WithDbAsync(db => db.Interventions.CountAsync());
        var rejected = await App.ImportAsync("interventions", ImportTesting.Csv("bad.csv",
            "establishment,start_date,kind,description,cost\n" +
            "IMY,2025-01-01,VisitsTeam,Team set up,100\n" +
            "ZZZ,2025-13-01,Party,,-5\n" +
            "IMY,2025-01-01,VisitsTeam,Again,\n"));

        Assert.False(rejected.Succeeded);
        Assert.Equal(
        [
            "Row 3, column establishment",
            "Row 3, column start_date",
            "Row 3, column kind",
            "Row 3, column description",
            "Row 3, column cost",
            "Row 4, column kind",
        ], rejected.Errors.Select(e => $"Row {e.Row}, column {e.Column}"));
        Assert.Equal(before, await App.WithDbAsync(db => db.Interventions.CountAsync()));

        var file = "establishment,cost,start_date,kind,description,ignored\n" +
                   "IMY,\"£1,200.50\",2025-01-01,VisitsTeam,Team set up,x\n" +
                   "imy,,2025-02-01,other,Family forum started,\n";
        var first = await App.ImportAsync("interventions", ImportTesting.Csv("interventions.csv", file));
        Assert.True(first.Succeeded, string.Join("; ", first.Errors));
        Assert.Equal((2, 2, 0, 0), (first.Rows, first.Added, first.Updated, first.Unchanged));
        var saved = await App.WithDbAsync(db => db.Interventions.AsNoTracking().Where(i => i.Establishment!.Code == "IMY").OrderBy(i => i.StartDate).ToListAsync());
        Assert.Equal(new (InterventionKind, decimal?)[] { (InterventionKind.VisitsTeam, 1200.5m), (InterventionKind.Other, null) }, saved.Select(i => (i.Kind, i.Cost)));
        var audit = await App.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.EntityType == nameof(Intervention)));

        var again = await App.ImportAsync("interventions", ImportTesting.Csv("interventions.csv", file));

        Assert.Equal((2, 0, 0, 2), (again.Rows, again.Added, again.Updated, again.Unchanged));
        Assert.Equal(audit, await App.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.EntityType == nameof(Intervention))));
    }

    private static string Text(AngleSharp.Dom.IElement row, string selector) => row.QuerySelector(selector)!.TextContent.Trim();
}
