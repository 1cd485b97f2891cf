using System.Net;
using System.Text.Json;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.IntegrationTests.Kpis;

/// <summary>The KPI API over the seeded dataset: the unit fixture's numbers, group statistics, ranks, targets and authorisation.</summary>
[Collection(KpiDatasetCollection.Name)]
public sealed class KpiApiTests(KpiDatasetFixture fixture) : KpiApiTests<KpiDatasetFixture>(fixture);

[Collection(PostgresKpiDatasetCollection.Name)]
public sealed class PostgresKpiApiTests(PostgresKpiDatasetFixture fixture) : KpiApiTests<PostgresKpiDatasetFixture>(fixture);

public abstract class KpiApiTests<TFixture>(TFixture fixture) where TFixture : KpiDatasetFixtureBase
{
    private const string CatCPath = "/api/family-groups/Male%20Cat%20C%20trainer/kpis";

    private async Task<JsonElement> GetJsonAsync(string user, string url)
    {
        var client = await fixture.App.SignedInAsync(user);
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static JsonElement Kpi(JsonElement root, string kpi) => root.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetString() == kpi);

    private static double? Number(JsonElement e, string property) =>
        e.GetProperty(property).ValueKind == JsonValueKind.Null ? null : e.GetProperty(property).GetDouble();

    [Theory]
    [InlineData("PlacesAvailable", 35.0)]
    [InlineData("CapacityRatio", 0.88)]
    [InlineData("VisitsAttended", 5.0)]
    [InlineData("VisitsPer100Prisoners", 12.5)]
    [InlineData("Visitors", 12.0)]
    [InlineData("ChildVisitors", 5.0)]
    [InlineData("ChildVisitorsPer100Prisoners", 12.5)]
    [InlineData("EnhancedFamilyVisits", 2.0)]
    [InlineData("UtilisationPct", 14.29)]
    [InlineData("PrisonerReachPct", 7.5)]
    [InlineData("NoShowPct", 28.57)]
    [InlineData("SessionsLost", 1.0)]
    [InlineData("MeanDistanceMiles", 52.9)]
    [InlineData("MedianDistanceMiles", 45.0)]
    [InlineData("PliPct", 50.0)]
    public async Task Every_kpi_of_aaa_in_may_matches_the_unit_fixture(string kpi, double expected)
    {
        var root = await GetJsonAsync("gov-aaa", "/api/establishments/AAA/kpis?month=2025-05");

        var k = Kpi(root, kpi);
        Assert.Equal(expected, Number(k, "value"));
        Assert.False(k.GetProperty("suppressed").GetBoolean());
    }

    [Fact]
    public async Task Capacity_ratio_comes_with_group_statistics_rank_change_and_the_establishments_own_target()
    {
        var root = await GetJsonAsync("gov-aaa", "/api/establishments/AAA/kpis?month=2025-05");

        Assert.Equal("AAA", root.GetProperty("establishment").GetString());
        Assert.Equal("2025-05", root.GetProperty("month").GetString());
        Assert.Equal(KpiDatasetFixture.CatC, root.GetProperty("familyGroup").GetString());
        Assert.Equal(4, root.GetProperty("unknownHomeCount").GetInt32());
        var cr = Kpi(root, "CapacityRatio");
        Assert.Equal(0.67, Number(cr, "previousValue")); // April: 40 / 60
        Assert.Equal(0.21, Number(cr, "change"));
        var group = cr.GetProperty("group");
        Assert.Equal(4, group.GetProperty("membersWithValue").GetInt32()); // FFF has no population
        Assert.Equal(1.19, Number(group, "median")); // even-sized: (0.88 + 1.50) / 2
        Assert.Equal(0.66, Number(group, "lowerQuartile"));
        Assert.Equal(1.5, Number(group, "upperQuartile"));
        Assert.Equal(0.0, Number(group, "min"));
        Assert.Equal(1.5, Number(group, "max"));
        Assert.Equal((3, 4, 3), (cr.GetProperty("rank").GetInt32(), cr.GetProperty("rankOf").GetInt32(), cr.GetProperty("quartilePosition").GetInt32()));
        var target = cr.GetProperty("target");
        Assert.Equal("Establishment", target.GetProperty("appliesTo").GetString()); // its own 1.0, not the group's 0.8
        Assert.Equal(1.0, target.GetProperty("targetValue").GetDouble());
        Assert.Equal("2026-03-31", target.GetProperty("targetDate").GetString());
        Assert.Equal(0.1, target.GetProperty("amberTolerance").GetDouble(), 12);
        Assert.Equal("Red", target.GetProperty("rag").GetString()); // 0.12 short
    }

    [Fact]
    public async Task Other_kpis_ranks_and_group_targets()
    {
        var root = await GetJsonAsync("gov-aaa", "/api/establishments/AAA/kpis?month=2025-05");

        var v100 = Kpi(root, "VisitsPer100Prisoners");
        Assert.Equal(13.75, Number(v100.GetProperty("group"), "median"));
        Assert.Equal(9.38, Number(v100.GetProperty("group"), "lowerQuartile"));
        Assert.Equal(9.17, Number(v100, "change")); // 12.50 − 3.33
        Assert.Equal("FamilyGroup", v100.GetProperty("target").GetProperty("appliesTo").GetString());
        Assert.Equal("Amber", v100.GetProperty("target").GetProperty("rag").GetString()); // 0.5 short of 13, tolerance 1
        var utilisation = Kpi(root, "UtilisationPct");
        Assert.Equal((2, 4), (utilisation.GetProperty("rank").GetInt32(), utilisation.GetProperty("rankOf").GetInt32()));
        Assert.Equal(13.81, Number(utilisation.GetProperty("group"), "median")); // (13.33 + 14.29) / 2
        Assert.Equal("Amber", Kpi(root, "NoShowPct").GetProperty("target").GetProperty("rag").GetString());
        var places = Kpi(root, "PlacesAvailable");
        Assert.Equal(JsonValueKind.Null, places.GetProperty("rank").ValueKind); // no direction, no rank
        Assert.Equal(30.0, Number(places.GetProperty("group"), "median"));
        // The group median of visits attended (0, 3, 4, 5, 6 → 4) is a small number even for the governor.
        var visits = Kpi(root, "VisitsAttended");
        Assert.Equal(5.0, Number(visits, "value"));
        Assert.Null(Number(visits.GetProperty("group"), "median"));
        Assert.True(visits.GetProperty("group").GetProperty("suppressed").GetBoolean());
        Assert.Equal(6.0, Number(visits.GetProperty("group"), "max"));
        Assert.Equal(0.0, Number(visits.GetProperty("group"), "min"));
    }

    [Fact]
    public async Task Small_counts_are_withheld_from_a_pathway_lead_but_not_from_the_establishments_own_governor()
    {
        var lead = await GetJsonAsync("lead", "/api/establishments/BBB/kpis?month=2025-05");
        var governor = await GetJsonAsync("gov-bbb", "/api/establishments/BBB/kpis?month=2025-05");

        Assert.Null(Number(Kpi(lead, "VisitsAttended"), "value"));
        Assert.True(Kpi(lead, "VisitsAttended").GetProperty("suppressed").GetBoolean());
        Assert.Equal(15.0, Number(Kpi(lead, "VisitsPer100Prisoners"), "value")); // rates are shown
        Assert.Equal(30.0, Number(Kpi(lead, "PlacesAvailable"), "value")); // capacity is not a small number
        Assert.Equal(3.0, Number(Kpi(governor, "VisitsAttended"), "value"));
        Assert.False(Kpi(governor, "VisitsAttended").GetProperty("suppressed").GetBoolean());
    }

    [Fact]
    public async Task Default_month_is_the_last_complete_month()
    {
        var root = await GetJsonAsync("gov-aaa", "/api/establishments/AAA/kpis");

        Assert.Equal("2025-05", root.GetProperty("month").GetString());
    }

    [Theory]
    [InlineData("2025-13")]
    [InlineData("May")]
    [InlineData("2025-07")] // after the current month (June 2025)
    [InlineData("")]
    public async Task A_bad_month_is_a_400_problem(string month)
    {
        var client = await fixture.App.SignedInAsync("gov-aaa");

        var response = await client.GetAsync($"/api/establishments/AAA/kpis?month={month}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("month", out _));
    }

    [Fact]
    public async Task A_governor_cannot_read_another_establishments_kpis_or_a_family_group()
    {
        var client = await fixture.App.SignedInAsync("gov-aaa");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/establishments/BBB/kpis?month=2025-05")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(CatCPath + "?month=2025-05")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.App.Browser().GetAsync("/api/establishments/AAA/kpis")).StatusCode);
    }

    [Fact]
    public async Task A_regional_pathway_lead_reads_only_establishments_in_the_region()
    {
        var client = await fixture.App.SignedInAsync("lead-wm");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/establishments/BBB/kpis?month=2025-05")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/establishments/CCC/kpis?month=2025-05")).StatusCode);
    }

    [Fact]
    public async Task Family_group_kpis_with_members_ranks_national_figure_and_suppression()
    {
        var root = await GetJsonAsync("lead", CatCPath + "?month=2025-05");

        Assert.Equal(KpiDatasetFixture.CatC, root.GetProperty("familyGroup").GetString());
        var cr = Kpi(root, "CapacityRatio");
        Assert.Equal(0.96, Number(cr, "groupValue")); // 110 / 115: FFF (no population) left out of the ratio
        Assert.Equal(0.96, Number(cr, "nationalValue"));
        Assert.Equal(1.19, Number(cr.GetProperty("statistics"), "median"));
        Assert.Equal("Green", cr.GetProperty("groupTarget").GetProperty("rag").GetString()); // 0.96 against 0.8
        var ranks = cr.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("establishment").GetString()!, m => m.GetProperty("rank"));
        Assert.Equal(5, ranks.Count); // FFF joined in May
        Assert.Equal(1, ranks["BBB"].GetInt32());
        Assert.Equal(1, ranks["DDD"].GetInt32());
        Assert.Equal(3, ranks["AAA"].GetInt32());
        Assert.Equal(4, ranks["CCC"].GetInt32());
        Assert.Equal(JsonValueKind.Null, ranks["FFF"].ValueKind);

        var visits = Kpi(root, "VisitsAttended").GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("establishment").GetString()!);
        Assert.True(visits["BBB"].GetProperty("suppressed").GetBoolean()); // 3
        Assert.Equal(JsonValueKind.Null, visits["BBB"].GetProperty("value").ValueKind);
        Assert.True(visits["FFF"].GetProperty("suppressed").GetBoolean()); // 4
        Assert.Equal(5.0, visits["AAA"].GetProperty("value").GetDouble()); // at the threshold: shown
        Assert.Equal(0.0, visits["CCC"].GetProperty("value").GetDouble()); // zero is not a small number
        Assert.Equal(4, visits["BBB"].GetProperty("rank").GetInt32()); // ranks are still given: 6, 5, 4, 3, 0
        Assert.Equal(JsonValueKind.Null, Kpi(root, "MedianDistanceMiles").GetProperty("groupValue").ValueKind); // not available for a group
    }

    [Fact]
    public async Task An_establishment_that_moved_group_is_compared_with_its_group_of_that_month()
    {
        var april = await GetJsonAsync("lead", "/api/family-groups/Male%20local/kpis?month=2025-04");
        var may = await GetJsonAsync("lead", "/api/family-groups/Male%20local/kpis?month=2025-05");

        var utilisation = Kpi(april, "UtilisationPct");
        var members = utilisation.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("establishment").GetString()!);
        Assert.Equal(50.0, members["FFF"].GetProperty("value").GetDouble());
        Assert.Equal(1, members["FFF"].GetProperty("rank").GetInt32());
        Assert.Equal(2, members["EEE"].GetProperty("rank").GetInt32());
        Assert.Equal(37.5, Number(utilisation.GetProperty("statistics"), "median"));
        Assert.DoesNotContain(Kpi(may, "UtilisationPct").GetProperty("members").EnumerateArray(), m => m.GetProperty("establishment").GetString() == "FFF");

        var fffApril = await GetJsonAsync("lead", "/api/establishments/FFF/kpis?month=2025-04");
        Assert.Equal(KpiDatasetFixture.Local, fffApril.GetProperty("familyGroup").GetString());
        var fffMay = await GetJsonAsync("lead", "/api/establishments/FFF/kpis?month=2025-05");
        Assert.Equal(KpiDatasetFixture.CatC, fffMay.GetProperty("familyGroup").GetString());
        Assert.Equal(1, Kpi(fffMay, "UtilisationPct").GetProperty("rank").GetInt32()); // 33.33, best of Male Cat C trainer
    }

    [Fact]
    public async Task Unknown_family_group_is_a_404_problem()
    {
        var client = await fixture.App.SignedInAsync("lead");

        var response = await client.GetAsync("/api/family-groups/No%20such%20group/kpis?month=2025-05");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Both_endpoints_are_documented_in_openapi()
    {
        var client = await fixture.App.SignedInAsync("lead");

        var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/establishments/{establishment}/kpis", out var establishment));
        Assert.True(paths.TryGetProperty("/api/family-groups/{name}/kpis", out _));
        Assert.True(establishment.GetProperty("get").GetProperty("responses").TryGetProperty("400", out _));
    }
}
