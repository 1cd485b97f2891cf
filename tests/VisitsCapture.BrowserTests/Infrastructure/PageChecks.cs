using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace VisitsCapture.BrowserTests.Infrastructure;

/// <summary>What every browser test does to a page: sign in, and check it is accessible and fits the screen.</summary>
public static class PageChecks
{
    /// <summary>axe-core as Deque bundles it for .NET.</summary>
    private static readonly string AxeScript = new BundledAxeScriptProvider().GetScript();

    /// <summary>
    /// Runs axe-core in the page for the WCAG 2.2 AA rules and describes each failing element. axe.run in the page
    /// itself: Deque's RunAxe opens a second page for every run to merge frames' results, which nearly doubles the
    /// time of a run, and the service has no frames. Only violations are gathered in detail (resultTypes).
    /// </summary>
    private const string RunAxe = """
        async tags => {
          const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          const failed = n => [...n.any, ...n.all, ...n.none];
          return result.violations.flatMap(v => v.nodes
            .map(n => `axe ${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${failed(n).map(c => c.message).join('; ')}`));
        }
        """;

    public static async Task SignInAsync(IPage page, string user, string password = BrowserAppFactory.Password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
    }

    /// <summary>The axe violations of WCAG 2.2 AA (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa), one line per failing element.</summary>
    public static async Task<IReadOnlyList<string>> AxeViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(AxeScript);
        }
        return await page.EvaluateAsync<string[]>(RunAxe, new[] { "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa" });
    }

    /// <summary>
    /// If the page is wider than the window (the user would scroll sideways), the innermost elements that reach its
    /// right edge; otherwise nothing.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SidewaysOverflowAsync(IPage page) => await page.EvaluateAsync<string[]>("""
        () => {
          const width = window.innerWidth;
          const wide = document.documentElement.scrollWidth;
          if (wide <= width) return [];
          const reaches = el => el.getBoundingClientRect().right >= wide - 1;
          const culprits = [...document.body.querySelectorAll('*')].filter(el => reaches(el) && ![...el.children].some(reaches));
          const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
          const path = el => [el.parentElement?.parentElement, el.parentElement, el].filter(Boolean).map(name).join(' > ');
          return [`scrolls sideways at ${width}px (page ${wide}px wide), to the edge: ${culprits.slice(0, 3).map(path).join(', ') || 'no element found'}`];
        }
        """);

    /// <summary>No axe violations and no sideways scrolling.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var violations = await AxeViolationsAsync(page);
        Assert.True(violations.Count == 0, $"{what}:\n" + string.Join("\n", violations));
        var overflow = await SidewaysOverflowAsync(page);
        Assert.True(overflow.Count == 0, $"{what}: {string.Join("", overflow)}");
    }
}

/// <summary>
/// The console errors, uncaught script errors and Content Security Policy violations of a page, from the moment it is
/// watched. Chromium reports a CSP refusal as a console error too; the securitypolicyviolation event names the directive.
/// </summary>
public sealed class PageProblems
{
    private const string ReportViolations = """
        document.addEventListener('securitypolicyviolation', e =>
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    private readonly List<string> errors = [];

    private PageProblems(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Add($"script error: {error}");
    }

    /// <summary>Everything wrong so far (console errors, script errors, CSP violations).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (errors)
            {
                return [.. errors];
            }
        }
    }

    public static async Task<PageProblems> WatchAsync(IPage page)
    {
        await page.AddInitScriptAsync(ReportViolations);
        return new PageProblems(page);
    }

    public void Clear()
    {
        lock (errors)
        {
            errors.Clear();
        }
    }

    private void Add(string error)
    {
        lock (errors)
        {
            errors.Add(error);
        }
    }
}
