using Microsoft.Playwright;
using VisitsCapture.BrowserTests.Infrastructure;

namespace VisitsCapture.BrowserTests;

/// <summary>
/// Every page of the service, filled with the demo's data, on the hall tablet (768x1024) and an office desktop
/// (1280x800), as the user who would open it: HTTP 200, no axe violation of WCAG 2.2 AA, no console error or CSP
/// violation, no sideways scrolling, one h1, and every chart drawn by Chart.js with its table beside it.
/// </summary>
public sealed class PagesAccessibilityTests(DemoBrowserFixture fixture) : IClassFixture<DemoBrowserFixture>
{
    private const string SignedOut = "(signed out)";

    /// <summary>A page as one user opens it, and how many charts it draws. {month}, {quarter}, {group}, {user}, {intervention} are filled from the demo.</summary>
    private sealed record PageCase(string User, string Path, int Charts = 0);

    private static readonly PageCase[] Pages =
    [
        new(SignedOut, "/account/login"),
        new("staff.bmi", "/"),
        new("staff.bmi", "/establishments"),
        new("governor.bmi", "/"),
        new("governor.bmi", "/establishments/BMI/dashboard", Charts: 2),
        new("governor.bmi", "/establishments/BMI/population", Charts: 2),
        new("governor.bmi", "/establishments/BMI/returns"),
        new("governor.bmi", "/establishments/BMI/returns/{month}"),
        new("governor.bmi", "/establishments/BMI/returns/quarter/{quarter}"),
        new("governor.bmi", "/establishments/BMI/timetable"),
        new("governor.bmi", "/establishments/BMI/today"),
        new("governor.bmi", "/establishments/BMI/targets"),
        new("governor.bmi", "/establishments/BMI/no-visits"),
        new("governor.bmi", "/establishments/BMI/arrivals-not-visited"),
        new("governor.bmi", "/establishments/BMI/nearer-to-home"),
        new("governor.bmi", "/establishments/BMI/standards"),
        new("governor.bmi", "/establishments/BMI/team"),
        new("governor.bmi", "/establishments/BMI/interventions"),
        new("governor.bmi", "/establishments/BMI/interventions/new"),
        new("governor.bmi", "/establishments/BMI/interventions/{intervention}", Charts: 4),
        new("pathway.lead", "/"),
        new("pathway.lead", "/establishments"),
        new("pathway.lead", "/family-groups", Charts: 1),
        new("pathway.lead", "/family-groups/{group}", Charts: 1),
        new("pathway.lead", "/national"),
        new("pathway.lead", "/standards", Charts: 1),
        new("pathway.lead", "/what-works"),
        new("pathway.lead", "/population"),
        new("pathway.lead", "/returns"),
        new("pathway.lead", "/returns/quarter/{quarter}"),
        new("admin", "/admin"),
        new("admin", "/admin/imports"),
        new("admin", "/admin/users"),
        new("admin", "/admin/users/{user}"),
        new("admin", "/admin/api-clients"),
        new("admin", "/admin/audit"),
        new("admin", "/admin/retention"),
        new("admin", "/admin/jobs"),
        new("admin", "/admin/targets"),
        new("admin", "/admin/standards"),
        new("admin", "/admin/standards/VE7"),
    ];

    public static TheoryData<string, string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var viewport in new[] { Viewport.Tablet, Viewport.Desktop })
            {
                foreach (var p in Pages)
                {
                    data.Add(viewport.Name, p.User, p.Path);
                }
            }
            return data;
        }
    }

    /// <summary>For every canvas: whether Chart.js drew it, and whether a table with the same numbers follows it.</summary>
    private const string ChartProblems = """
        () => {
          const problems = [];
          const nodes = [...document.querySelectorAll('main canvas, main table')];
          nodes.forEach((node, i) => {
            if (node.tagName !== 'CANVAS') return;
            const name = node.id || `canvas ${i}`;
            const chart = window.Chart && window.Chart.getChart(node);
            if (!chart) problems.push(`${name} was not drawn by Chart.js`);
            else if (!(chart.width > 0 && chart.height > 0)) problems.push(`${name} was drawn with no size`);
            if (node.getAttribute('role') !== 'img' || !node.getAttribute('aria-label')) problems.push(`${name} has no role="img" with an aria-label`);
            const next = nodes[i + 1];
            if (!next || next.tagName !== 'TABLE' || !next.querySelector('caption')) problems.push(`${name} has no captioned table after it`);
          });
          return problems;
        }
        """;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_page_renders_and_is_accessible(string viewport, string user, string path)
    {
        var screen = Viewport.Named(viewport);
        var page = Pages.Single(p => p.User == user && p.Path == path);
        var url = path.Replace("{month}", fixture.LastMonth.ToString())
            .Replace("{quarter}", fixture.LastMonth.Quarter.ToString())
            .Replace("{group}", Uri.EscapeDataString(fixture.BirminghamGroup))
            .Replace("{user}", fixture.GovernorId)
            .Replace("{intervention}", fixture.BirminghamIntervention.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var (tab, problems) = await fixture.TabAsync(user == SignedOut ? null : user, screen);
        problems.Clear();
        var response = await tab.GotoAsync(url);
        var found = new List<string>();
        if (response?.Status != 200)
        {
            found.Add($"HTTP {response?.Status} at {tab.Url}");
        }
        var h1 = await tab.Locator("h1").CountAsync();
        if (h1 != 1)
        {
            found.Add($"{h1} h1 elements, not 1");
        }
        var canvases = await tab.Locator("main canvas").CountAsync();
        if (canvases != page.Charts)
        {
            found.Add($"{canvases} charts, not {page.Charts}");
        }
        found.AddRange(await tab.EvaluateAsync<string[]>(ChartProblems));
        found.AddRange(await PageChecks.AxeViolationsAsync(tab));
        found.AddRange(await PageChecks.SidewaysOverflowAsync(tab));
        if (path.EndsWith("/dashboard", StringComparison.Ordinal))
        {
            await ScreenshotAsync(tab, $"dashboard-{screen.Name}");
        }
        found.AddRange(problems.Errors);
        Assert.True(found.Count == 0, $"{url} as {user} on a {screen}:\n" + string.Join("\n", found));
    }

    /// <summary>The visible screen and the whole page, into screenshots/ in the test output folder, to look at.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + "-full.png"), FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshots: {folder}/{name}.png and {name}-full.png");
    }
}
