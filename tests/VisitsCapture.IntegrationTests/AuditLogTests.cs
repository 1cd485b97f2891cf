using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

/// <summary>The administrator's audit log: filters by user, establishment, kind, action and dates; 50 a page; before and after field by field.</summary>
public sealed class AuditLogTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    private static readonly AngleSharp.Html.Parser.HtmlParser Parser = new();

    private async Task<HttpClient> ArrangeAsync()
    {
        var a = await App.AddEstablishmentAsync("AUA");
        var b = await App.AddEstablishmentAsync("AUB");
        await App.WithDbAsync(async db =>
        {
            db.AuditEvents.Add(new AuditEvent
            {
                At = new DateTime(2024, 1, 10, 9, 0, 0, DateTimeKind.Utc), Actor = "alice", Action = "Updated", EntityType = "Establishment", EntityKey = "AUA",
                EstablishmentId = a.Id,
                Before = JsonSerializer.Serialize(new { Name = "HMP \"Old\" <Hall>", Cna = 400, Contracted = false }),
                After = JsonSerializer.Serialize(new { Name = "HMP \"New\" <Hall>", Cna = 400, Contracted = true }),
            });
            db.AuditEvents.AddRange(Enumerable.Range(0, 60).Select(i => new AuditEvent
            {
                At = new DateTime(2024, 2, 1, 8, 0, 0, DateTimeKind.Utc).AddHours(i * 10), Actor = "bob", Action = "Created", EntityType = "Session",
                EntityKey = i.ToString(), EstablishmentId = b.Id, After = JsonSerializer.Serialize(new { CapacityVisits = i }),
            }));
            db.AuditEvents.Add(new AuditEvent
            {
                At = new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc), Actor = "alice", Action = "Deleted", EntityType = "Visit", EntityKey = "9",
                EstablishmentId = b.Id, Before = JsonSerializer.Serialize(new { Adults = 2 }),
            });
            await db.SaveChangesAsync();
        });
        await App.AddUserAsync("admin-audit", Roles.Administrator, null);
        return await App.SignedInAsync("admin-audit");
    }

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> PageAsync(HttpClient admin, string query)
    {
        var response = await admin.GetAsync("/admin/audit" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static List<string> Keys(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll(".govuk-summary-card .govuk-summary-card__title").Select(t => t.ChildNodes[0].TextContent.Trim()).ToList();

    [Fact]
    public async Task Filters_page_and_shows_before_and_after_field_by_field()
    {
        var admin = await ArrangeAsync();

        Assert.Equal(["Deleted Visit 9", "Updated Establishment AUA"], Keys(await PageAsync(admin, "?user=alice")));
        Assert.Equal(["Updated Establishment AUA"], Keys(await PageAsync(admin, "?establishment=aua&to=2024-12-31")));
        Assert.Equal(["Deleted Visit 9"], Keys(await PageAsync(admin, "?entity=Visit&user=alice")));
        Assert.Equal(["Updated Establishment AUA"], Keys(await PageAsync(admin, "?action=Updated&user=alice")));
        Assert.Equal(["Deleted Visit 9"], Keys(await PageAsync(admin, "?user=alice&from=2024-02-01&to=2024-03-01")));

        // 60 sessions in February 2024: 50 on the first page, newest first, and the rest on the second, filters kept.
        var first = await PageAsync(admin, "?establishment=AUB&entity=Session&from=2024-02-01&to=2024-02-29");
        Assert.Contains("60 events, newest first; page 1 of 2.", first.QuerySelector("#audit-count")!.TextContent);
        Assert.Equal(Enumerable.Range(10, 50).Reverse().Select(i => $"Created Session {i}"), Keys(first));
        var next = first.QuerySelector(".govuk-pagination__next a")!.GetAttribute("href");
        Assert.Equal("/admin/audit?establishment=AUB&entity=Session&from=2024-02-01&to=2024-02-29&page=2", next);
        var second = await PageAsync(admin, next![("/admin/audit".Length)..]);
        Assert.Equal(Enumerable.Range(0, 10).Reverse().Select(i => $"Created Session {i}"), Keys(second));
        Assert.NotNull(second.QuerySelector(".govuk-pagination__prev a[rel=prev]"));

        // Before and after, decoded: no \u0022, one row per field, the changed ones marked.
        var html = await admin.GetStringAsync("/admin/audit?establishment=AUA&to=2024-12-31");
        Assert.DoesNotContain("\\u0022", html);
        var rows = Parser.ParseDocument(html).QuerySelectorAll(".vc-audit-changes tbody tr")
            .Select(tr => (tr.QuerySelector("th")!.TextContent, tr.QuerySelectorAll("td")[0].TextContent, tr.QuerySelectorAll("td")[1].TextContent, tr.GetAttribute("data-changed")))
            .ToList();
        Assert.Equal(
            [("Name", "HMP \"Old\" <Hall>", "HMP \"New\" <Hall>", "true"), ("Cna", "400", "400", "false"), ("Contracted", "false", "true", "true")],
            rows);
    }

    [Fact]
    public async Task A_bad_date_or_unknown_establishment_is_a_400_that_says_what_to_enter()
    {
        await App.AddUserAsync("admin-audit2", Roles.Administrator, null);
        var admin = await App.SignedInAsync("admin-audit2");

        var response = await admin.GetAsync("/admin/audit?from=9999-99-99&to=yesterday&establishment=NOPE");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            ["There is no establishment with the code NOPE", "Enter the from date in the form YYYY-MM-DD, for example 2026-04-01", "Enter the to date in the form YYYY-MM-DD, for example 2026-04-01"],
            page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.TextContent.Trim()));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await GovernorAsync()).GetAsync("/admin/audit")).StatusCode);
    }

    private async Task<HttpClient> GovernorAsync()
    {
        await App.AddEstablishmentAsync("AUG");
        await App.AddUserAsync("gov-audit", Roles.Governor, "AUG");
        return await App.SignedInAsync("gov-audit");
    }
}
