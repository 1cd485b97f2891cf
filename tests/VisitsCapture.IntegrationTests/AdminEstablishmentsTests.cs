using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

public sealed class AdminEstablishmentsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    private async Task<HttpClient> AdminAsync(string name)
    {
        await App.AddUserAsync(name, Roles.Administrator, null);
        return await App.SignedInAsync(name);
    }

    private async Task InGroupAsync(string code, string group, int fromMonth) => await App.WithDbAsync(async db =>
    {
        var g = await db.FamilyGroups.FirstOrDefaultAsync(x => x.Name == group) ?? db.FamilyGroups.Add(new FamilyGroup { Name = group, Function = "Male local" }).Entity;
        db.FamilyGroupMemberships.Add(new FamilyGroupMembership { FamilyGroup = g, EstablishmentId = (await db.Establishments.SingleAsync(e => e.Code == code)).Id, FromMonth = fromMonth });
        await db.SaveChangesAsync();
    });

    private Task<List<(string Group, int From, int? To)>> MembershipsAsync(string code) => App.WithDbAsync(async db =>
        (await db.FamilyGroupMemberships.Where(m => m.Establishment!.Code == code).OrderBy(m => m.FromMonth)
            .Select(m => new { m.FamilyGroup!.Name, m.FromMonth, m.ToMonth }).ToListAsync())
        .Select(m => (m.Name, m.FromMonth, m.ToMonth)).ToList());

    [Fact]
    public async Task Moving_an_establishment_to_another_group_mid_year_ends_its_earlier_membership_and_is_audited()
    {
        await App.AddEstablishmentAsync("MVA");
        await InGroupAsync("MVA", "Locals A", 202001);
        var admin = await AdminAsync("admin-move");
        var page = "/admin/establishments/MVA";

        var response = await admin.PostFormAsync(page + "/family-group", new() { ["Move.Group"] = "Locals B", ["Move.FromMonth"] = "2026-04" }, page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal([("Locals A", 202001, (int?)202603), ("Locals B", 202604, null)], await MembershipsAsync("MVA"));
        Assert.True(await App.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.EntityType == nameof(FamilyGroupMembership) && a.Action == "Updated" && a.Actor == "admin-move")));
        Assert.Contains("Locals B: April 2026 onwards", await admin.GetStringAsync(page));
    }

    [Fact]
    public async Task A_bad_month_or_an_overlap_is_explained_and_changes_nothing()
    {
        await App.AddEstablishmentAsync("MVB");
        await InGroupAsync("MVB", "Locals C", 202001);
        await App.WithDbAsync(async db =>
        {
            // A later, closed membership: a move starting before it would overlap it.
            var m = await db.FamilyGroupMemberships.SingleAsync(x => x.Establishment!.Code == "MVB");
            m.ToMonth = 202512;
            db.FamilyGroupMemberships.Add(new FamilyGroupMembership { FamilyGroupId = m.FamilyGroupId, EstablishmentId = m.EstablishmentId, FromMonth = 202601, ToMonth = 202612 });
            await db.SaveChangesAsync();
        });
        var admin = await AdminAsync("admin-bad");
        var page = "/admin/establishments/MVB";
        var before = await MembershipsAsync("MVB");

        var badMonth = await admin.PostFormAsync(page + "/family-group", new() { ["Move.Group"] = "Locals D", ["Move.FromMonth"] = "April" }, page);
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
        Assert.Contains("Enter the first month in the form YYYY-MM", await badMonth.Content.ReadAsStringAsync());

        var overlap = await admin.PostFormAsync(page + "/family-group", new() { ["Move.Group"] = "Locals D", ["Move.FromMonth"] = "2026-06" }, page);
        Assert.Equal(HttpStatusCode.BadRequest, overlap.StatusCode);
        Assert.Contains("belongs to one group in a month", await overlap.Content.ReadAsStringAsync());
        Assert.Equal(before, await MembershipsAsync("MVB"));
    }

    [Fact]
    public async Task A_merger_closes_the_establishment_ends_its_group_and_keeps_the_lineage()
    {
        await App.AddEstablishmentAsync("BKH");
        await App.AddEstablishmentAsync("HWL");
        await InGroupAsync("BKH", "Locals E", 202001);
        await InGroupAsync("HWL", "Locals E", 202001);
        var admin = await AdminAsync("admin-merge");
        var page = "/admin/establishments/BKH";

        var response = await admin.PostFormAsync(page + "/merge", new() { ["Merge.Successor"] = "hwl", ["Merge.Date"] = "2026-03-15", ["Merge.Note"] = "Became part of HMP HWL" }, page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var merged = await App.WithDbAsync(db => db.Establishments.SingleAsync(e => e.Code == "BKH"));
        Assert.Equal(new DateOnly(2026, 3, 15), merged.ClosedOn);
        Assert.False(merged.IsOpenOn(new DateOnly(2026, 3, 15)));
        Assert.Equal([("Locals E", 202001, (int?)202602)], await MembershipsAsync("BKH"));
        var lineage = await App.WithDbAsync(db => db.Lineage.Include(l => l.Successor).SingleAsync(l => l.PredecessorId == merged.Id));
        Assert.Equal(("HWL", LineageKind.Merged), (lineage.Successor!.Code, lineage.Kind));

        // From the merger month the group compares the successor without the merged establishment.
        using var scope = App.Services.CreateScope();
        var groups = scope.ServiceProvider.GetRequiredService<FamilyGroups>();
        var february = await groups.MembershipsAsync(new YearMonth(2026, 2), TestContext.Current.CancellationToken);
        var march = await groups.MembershipsAsync(new YearMonth(2026, 3), TestContext.Current.CancellationToken);
        Assert.True(february.ContainsKey(merged.Id));
        Assert.False(march.ContainsKey(merged.Id));
        Assert.Contains("merged into HMP HWL (HWL) on 15 March 2026", await admin.GetStringAsync(page));

        var again = await admin.PostFormAsync("/admin/establishments/HWL/merge", new() { ["Merge.Successor"] = "HWL", ["Merge.Date"] = "2026-03-15" }, "/admin/establishments/HWL");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    /// <summary>
    /// Issue 14 item 9: a re-role back-dated from the admin page adds history (never overwrites it, not even the same
    /// day), shows in the lineage, is reported for the months from its date, and makes no new version of a return.
    /// </summary>
    [Fact]
    public async Task A_back_dated_re_role_adds_history_shows_in_the_lineage_and_makes_no_spurious_return_version()
    {
        var today = LondonTime.Today(TimeProvider.System);
        await App.AddEstablishmentAsync("RRA", function: "Male local");
        // As imported today: its first version starts on the import day.
        await App.WithDbAsync(async db =>
        {
            var e = await db.Establishments.SingleAsync(x => x.Code == "RRA");
            db.EstablishmentHistory.Add(new EstablishmentAttributes
            {
                EstablishmentId = e.Id, EffectiveFrom = today, Name = e.Name, Region = e.Region, Function = "Male local", RecordedAt = DateTime.UtcNow.AddHours(-1),
            });
            await db.SaveChangesAsync();
        });
        var may = new YearMonth(2025, 5);
        async Task<List<int>> VersionsAsync()
        {
            using (var scope = App.Services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<VisitsCapture.Core.Returns.ReturnGenerator>().GenerateMonthAsync(may, CancellationToken.None);
            }
            return await App.WithDbAsync(db => db.MonthlyReturns.Where(r => r.Establishment!.Code == "RRA" && r.Month == may.Key).Select(r => r.Version).ToListAsync());
        }
        Assert.Equal([1], await VersionsAsync());
        var admin = await AdminAsync("admin-rerole");
        var page = "/admin/establishments/RRA";
        Dictionary<string, string> Change(string from, string function) => new()
        {
            ["Change.From"] = from, ["Change.Function"] = function, ["Change.Name"] = "HMP RRA", ["Change.Region"] = "West Midlands",
            ["Change.OperationalCapacity"] = "", ["Change.Cna"] = "",
        };
        Assert.Contains("No mergers or re-roles recorded", await admin.GetStringAsync(page));

        var future = await admin.PostFormAsync(page + "/attributes", Change(today.AddDays(1).ToString("yyyy-MM-dd"), "Male category C"), page);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("must be today or in the past", await future.Content.ReadAsStringAsync());

        var first = await admin.PostFormAsync(page + "/attributes", Change("2025-04-01", "Male category C"), page);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var html = await admin.GetStringAsync(page);
        Assert.Contains("Re-roled from Male local to Male category C on 1 April 2025", html);
        Assert.DoesNotContain("No mergers or re-roles recorded", html);

        // The same day again: a new version recorded after the first, which stays in the history.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(page + "/attributes", Change("2025-04-01", "Male category B"), page)).StatusCode);
        Assert.Contains("Re-roled from Male local to Male category B on 1 April 2025", await admin.GetStringAsync(page));

        await App.WithDbAsync(async db =>
        {
            var e = await db.Establishments.AsNoTracking().Include(x => x.History).SingleAsync(x => x.Code == "RRA");
            Assert.Equal("Male category B", e.Function);
            Assert.Equal("Male local", e.AttributesOn(new DateOnly(2025, 3, 31)).Function);
            Assert.Equal("Male category B", e.AttributesOn(new DateOnly(2025, 4, 1)).Function);
            Assert.Equal("Male category B", e.AttributesOn(today).Function);
            Assert.Equal(["Male category C", "Male category B"], e.Versions().Where(h => h.EffectiveFrom == new DateOnly(2025, 4, 1)).Select(h => h.Function));
            Assert.Equal(["Male local", "Male category C", "Male category B"], e.Versions().Where(h => h.EffectiveFrom == today).Select(h => h.Function));
            Assert.Equal(2, await db.AuditEvents.CountAsync(a => a.Action == "AttributesChanged" && a.EstablishmentId == e.Id && a.Actor == "admin-rerole"));
        });
        Assert.Equal([1], await VersionsAsync());
    }
}
