using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Kpis;

/// <summary>The KPI app with two establishments, a family group and one user per role, for the target tests.</summary>
public sealed class TargetsFixture : IAsyncLifetime
{
    public KpiAppFactory App { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await App.StartAsync();
        var tga = await App.AddEstablishmentAsync("TGA");
        await App.AddEstablishmentAsync("TGB");
        await App.AddUserAsync("gov-tga", Roles.Governor, "TGA");
        await App.AddUserAsync("gov-tgb", Roles.Governor, "TGB");
        await App.AddUserAsync("lead-t", Roles.PathwayLead, null);
        await App.AddUserAsync("admin-t", Roles.Administrator, null);
        await App.WithDbAsync(async db =>
        {
            var group = new FamilyGroup { Name = "Target group" };
            db.FamilyGroups.Add(group);
            await db.SaveChangesAsync();
            db.FamilyGroupMemberships.Add(new FamilyGroupMembership { EstablishmentId = tga.Id, FamilyGroupId = group.Id, FromMonth = 202501 });
            // May 2025 at TGA: 30 places for 40 prisoners, capacity ratio 0.75.
            var s = new Session { EstablishmentId = tga.Id, Start = new(14, 0), End = new(16, 0), Type = SessionType.Social, CapacityVisits = 30 };
            s.SetDate(new DateOnly(2025, 5, 5));
            db.Sessions.Add(s);
            db.PopulationSnapshots.Add(new PopulationSnapshot { EstablishmentId = tga.Id, SnapshotDate = new(2025, 5, 31), Month = 202505, Kind = PopulationSnapshotKind.CountOnly, Population = 40 });
            await db.SaveChangesAsync();
        });
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Targets (KPTs): governors for their establishment, administrators for family groups and any establishment.</summary>
public sealed class TargetsTests(TargetsFixture fixture) : IClassFixture<TargetsFixture>
{
    private KpiAppFactory App => fixture.App;

    private static Dictionary<string, string> Fields(string kpi, string value, string day = "31", string month = "3", string year = "2026") => new()
    {
        ["Kpi"] = kpi, ["TargetValue"] = value, ["TargetDay"] = day, ["TargetMonth"] = month, ["TargetYear"] = year,
        ["BaselineValue"] = "", ["BaselineDay"] = "", ["BaselineMonth"] = "", ["BaselineYear"] = "", ["AmberTolerance"] = "",
    };

    [Fact]
    public async Task A_governor_adds_a_target_for_their_establishment_and_the_dashboard_shows_it_with_rag()
    {
        var client = await App.SignedInAsync("gov-tga");
        var fields = Fields("EnhancedFamilyVisits", "4");
        fields["BaselineValue"] = "1";
        fields["BaselineDay"] = "1";
        fields["BaselineMonth"] = "4";
        fields["BaselineYear"] = "2025";
        fields["AmberTolerance"] = "2";

        var response = await client.PostFormAsync("/establishments/TGA/targets/new", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = await App.WithDbAsync(db => db.Targets.AsNoTracking().SingleAsync(t => t.Kpi == Kpi.EnhancedFamilyVisits && t.EstablishmentId != null));
        Assert.Equal((4.0, new DateOnly(2026, 3, 31), 1.0, new DateOnly(2025, 4, 1), 2.0),
            (target.TargetValue, target.TargetDate, target.BaselineValue!.Value, target.BaselineDate!.Value, target.AmberTolerance!.Value));
        Assert.True(await App.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.EntityType == nameof(KpiTarget) && a.Action == "Created")));
        var list = await client.GetStringAsync("/establishments/TGA/targets");
        Assert.Contains("Enhanced family visits", list);
        Assert.Contains("Target for enhanced family visits added", list); // the confirmation both targets pages give

        var dashboard = new HtmlParser().ParseDocument(await client.GetStringAsync("/establishments/TGA/dashboard?month=2025-05"));
        var row = dashboard.QuerySelector("#other-kpis tr[data-kpi='EnhancedFamilyVisits']")!;
        Assert.Equal("Red", row.QuerySelector("[data-rag]")!.TextContent.Trim()); // 0 is 4 short, beyond the tolerance of 2
    }

    [Fact]
    public async Task Mistakes_are_shown_with_govuk_errors_and_nothing_is_saved()
    {
        var client = await App.SignedInAsync("gov-tga");
        var before = await App.WithDbAsync(db => db.Targets.CountAsync());
        var fields = Fields("UtilisationPct", "120", day: "31", month: "2", year: "2026");
        fields["BaselineDay"] = "1";
        fields["BaselineMonth"] = "4";
        fields["BaselineYear"] = "2027";
        fields["AmberTolerance"] = "a lot";

        var response = await client.PostFormAsync("/establishments/TGA/targets/new", fields, "/establishments/TGA/targets/new");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var errors = page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToList();
        Assert.Equal(
        [
            ("#TargetValue", "The target value must be 100 or less for a percentage"),
            ("#TargetDay", "The target date must be a real date between 2000 and 2100, like 31 3 2026"),
            ("#AmberTolerance", "The amber tolerance must be a number, like 1.5"),
        ], errors);
        Assert.NotNull(page.QuerySelector("#TargetValue-error"));
        Assert.Equal(before, await App.WithDbAsync(db => db.Targets.CountAsync()));

        var empty = await client.PostFormAsync("/establishments/TGA/targets/new", Fields("", "", "", "", ""), "/establishments/TGA/targets/new");
        var emptyPage = await empty.Content.ReadAsStringAsync();
        Assert.Contains("Select a KPI", emptyPage);
        Assert.Contains("Enter the target value", emptyPage);
        Assert.Contains("Enter the target date", emptyPage);
    }

    [Fact]
    public async Task A_governor_cannot_touch_another_establishments_or_a_groups_targets()
    {
        var other = await App.WithDbAsync(async db =>
        {
            var t = new KpiTarget { Kpi = Kpi.SessionsLost, EstablishmentId = db.Establishments.Single(e => e.Code == "TGB").Id, TargetValue = 0, TargetDate = new(2026, 3, 31) };
            db.Targets.Add(t);
            await db.SaveChangesAsync();
            return t.Id;
        });
        var client = await App.SignedInAsync("gov-tga");

        // Through its own establishment's route the other target does not exist; through the other's, access is refused.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/establishments/TGA/targets/{other}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/establishments/TGA/targets/{other}/delete", [], "/establishments/TGA/targets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/establishments/TGB/targets")).StatusCode);
        Assert.True(await App.WithDbAsync(db => db.Targets.AnyAsync(t => t.Id == other)));

        var lead = await App.SignedInAsync("lead-t");
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/establishments/TGA/targets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/admin/targets")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_sets_a_family_group_target_that_applies_to_its_members()
    {
        var groupId = await App.WithDbAsync(db => db.FamilyGroups.Where(g => g.Name == "Target group").Select(g => g.Id).SingleAsync());
        var admin = await App.SignedInAsync("admin-t");
        var fields = Fields("CapacityRatio", "0.8");
        fields["Owner"] = $"g:{groupId}";

        var response = await admin.PostFormAsync("/admin/targets/new", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = await App.WithDbAsync(db => db.Targets.AsNoTracking().SingleAsync(t => t.FamilyGroupId == groupId && t.Kpi == Kpi.CapacityRatio));
        Assert.Null(target.EstablishmentId);
        Assert.Contains("Target group (family group)", await admin.GetStringAsync("/admin/targets"));

        var governor = await App.SignedInAsync("gov-tga");
        var dashboard = new HtmlParser().ParseDocument(await governor.GetStringAsync("/establishments/TGA/dashboard?month=2025-05"));
        var tile = dashboard.QuerySelector(".vc-kpi-tile[data-kpi='CapacityRatio']")!;
        Assert.Equal("0.75", tile.QuerySelector("[data-value]")!.TextContent.Trim());
        Assert.Equal("Amber", tile.QuerySelector("[data-rag]")!.TextContent.Trim()); // 0.05 short, within 10% of 0.8 (0.08)
        Assert.Contains("family group target", tile.TextContent);
        // The governor sees the group's target but cannot change it.
        var list = new HtmlParser().ParseDocument(await governor.GetStringAsync("/establishments/TGA/targets"));
        Assert.Contains("Target group", list.QuerySelector("#targets")!.TextContent);
        Assert.Null(list.QuerySelector($"a[href='/establishments/TGA/targets/{target.Id}/edit']"));

        var missingOwner = Fields("CapacityRatio", "0.8");
        var refused = await admin.PostFormAsync("/admin/targets/new", missingOwner);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Select the family group or establishment the target is for", await refused.Content.ReadAsStringAsync());

        var change = Fields("CapacityRatio", "0.7");
        change["Owner"] = $"g:{groupId}";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/targets/{target.Id}/edit", change)).StatusCode);
        Assert.Equal(0.7, await App.WithDbAsync(db => db.Targets.Where(t => t.Id == target.Id).Select(t => t.TargetValue).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/targets/{target.Id}/delete", [], "/admin/targets")).StatusCode);
        Assert.False(await App.WithDbAsync(db => db.Targets.AnyAsync(t => t.Id == target.Id)));
        Assert.Contains("Target for capacity ratio removed", await admin.GetStringAsync("/admin/targets"));
    }
}
