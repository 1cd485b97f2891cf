using Microsoft.Playwright;
using VisitsCapture.BrowserTests.Infrastructure;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using static VisitsCapture.BrowserTests.Infrastructure.PageChecks;

namespace VisitsCapture.BrowserTests;

/// <summary>Two West Midlands prisons with the shipped checklists (seeded as on start), a governor of one and a national pathway lead.</summary>
public sealed class StandardsBrowserFixture : BrowserFixture
{
    protected override async Task PrepareAsync()
    {
        await App.WithDbAsync(db => StandardsCatalogue.EnsureShippedAsync(db, DateTime.UtcNow));
        await App.AddEstablishmentAsync("STW");
        await App.AddEstablishmentAsync("STX");
        await App.AddUserAsync("governor-stw", Roles.Governor, "STW");
        await App.AddUserAsync("lead-st", Roles.PathwayLead, null);
    }
}

/// <summary>
/// A governor completes a VE7 audit on a tablet (768x1024), item by item with radios, a note and a saved draft, and
/// sees its score and RAG on the dashboard; a pathway lead then sees it in the national comparison, chart and table.
/// </summary>
public sealed class StandardsAuditTests(StandardsBrowserFixture fixture) : IClassFixture<StandardsBrowserFixture>
{
    private static readonly float Timeout = 15000;

    [Fact]
    public async Task A_governor_completes_a_VE7_audit_on_a_tablet_and_a_pathway_lead_sees_it_nationally()
    {
        await using var tablet = await fixture.TabletAsync();
        var page = await tablet.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        var problems = await PageProblems.WatchAsync(page);
        await SignInAsync(page, "governor-stw");

        await page.GotoAsync("/establishments/STW/standards");
        await AssertAccessibleAsync(page, "the standards page on a tablet");
        await page.GetByLabel("VE7: Child-friendly areas in the visitor centre and visits hall", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Visitor centre and visits hall", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start audit" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "VE7 audit" }).WaitForAsync();
        await AssertAccessibleAsync(page, "a draft audit on a tablet");

        // The first three items, a note, and save the draft.
        for (var i = 0; i < 3; i++)
        {
            await page.Locator($"label[for='Items_{i}__Result']").ClickAsync(); // Met
        }
        await page.GetByLabel("Note for item 1 (optional)").FillAsync("Baby changing area refurbished");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await page.GetByText("Draft saved").WaitForAsync();
        Assert.True(await page.Locator("#Items_2__Result").IsCheckedAsync());

        // The rest: Met, Partly met, Met; then complete. 5.5 of 6 = 91.7%, green.
        await page.Locator("label[for='Items_3__Result']").ClickAsync();
        await page.Locator("label[for='Items_4__Result-2']").ClickAsync();
        await page.Locator("label[for='Items_5__Result']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete audit" }).ClickAsync();
        await page.GetByText("Audit completed").WaitForAsync();
        Assert.Equal("91.7%", (await page.Locator("[data-score]").InnerTextAsync()).Trim());
        Assert.Equal("Green", (await page.Locator("#audit-facts [data-rag]").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.Locator("input[type=radio]").CountAsync()); // read-only now
        await AssertAccessibleAsync(page, "a completed audit on a tablet");

        await page.GotoAsync("/establishments/STW/dashboard");
        var row = page.Locator("#standards-latest tr[data-standard='VE7']");
        Assert.Equal("91.7%", (await row.Locator("[data-score]").InnerTextAsync()).Trim());
        Assert.Equal("Green", (await row.Locator("[data-rag]").InnerTextAsync()).Trim());
        Assert.Empty(await SidewaysOverflowAsync(page));
        Assert.Empty(problems.Errors);

        await using var desktop = await fixture.ContextAsync(Viewport.Desktop);
        var lead = await desktop.NewPageAsync();
        lead.SetDefaultTimeout(Timeout);
        var leadProblems = await PageProblems.WatchAsync(lead);
        await SignInAsync(lead, "lead-st");
        await lead.GotoAsync("/standards");
        // STW green, STX never audited: half of West Midlands is green on VE7.
        Assert.Equal("50.0%", (await lead.Locator("#regions tr[data-row='West Midlands'] [data-green='VE7']").InnerTextAsync()).Trim());
        Assert.Equal("50.0%", (await lead.Locator("#nation [data-green='VE7']").InnerTextAsync()).Trim());
        Assert.True(await lead.EvaluateAsync<bool>("() => !!(window.Chart && window.Chart.getChart(document.getElementById('standards-chart')))"), "the chart was not drawn");
        await AssertAccessibleAsync(lead, "the national standards page");
        Assert.Empty(leadProblems.Errors);
    }
}
