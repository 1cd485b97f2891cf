using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using VisitsCapture.BrowserTests.Infrastructure;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Sessions;
using static VisitsCapture.BrowserTests.Infrastructure.PageChecks;

namespace VisitsCapture.BrowserTests;

/// <summary>
/// The hall screen on a tablet-sized Chromium: visits logged by tapping, online and offline, reach the server exactly
/// once; the pages pass axe (WCAG 2.2 AA) with no console errors and no horizontal scrolling.
/// </summary>
public sealed class HallOfflineTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private BrowserAppFactory App => fixture.App;

    private static readonly float Timeout = 15000;

    private static DateOnly LondonToday => TimeProvider.System.LondonToday();

    /// <summary>A prison with one member of staff and one session today that runs all day, so it is the one chosen.</summary>
    private async Task<Establishment> PrisonAsync(string code)
    {
        var e = await App.AddEstablishmentAsync(code);
        await App.AddUserAsync($"staff-{code}", Roles.VisitsStaff, code);
        await App.WithDbAsync(async db =>
        {
            var session = new Session
            {
                EstablishmentId = e.Id,
                Start = new TimeOnly(0, 0),
                End = new TimeOnly(23, 59),
                Type = SessionType.Social,
                CapacityVisits = 20,
                CapacityVisitors = 60,
                Status = SessionStatus.Planned,
            };
            session.SetDate(LondonToday);
            db.Sessions.Add(session);
            await db.SaveChangesAsync();
        });
        return e;
    }

    /// <summary>Taps through the log-a-visit form: prison number, +1 adult, +1 child aged 5 to 11, relationship, Attended.</summary>
    private static async Task LogVisitByTappingAsync(IPage page, string prisoner)
    {
        await page.GetByLabel("Prison number").FillAsync(prisoner);
        await page.GetByRole(AriaRole.Button, new() { Name = "One more: Adults", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "One more: Children aged 5 to 11", Exact = true }).ClickAsync();
        await page.GetByLabel("Parent", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Attended: arrived now" }).ClickAsync();
    }

    private static Task<int> OutboxCountAsync(IPage page) => page.EvaluateAsync<int>("""
        () => new Promise((resolve, reject) => {
          const open = indexedDB.open('visitscapture');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('outbox')) { db.close(); resolve(0); return; }
            const count = db.transaction('outbox').objectStore('outbox').count();
            count.onsuccess = () => { db.close(); resolve(count.result); };
            count.onerror = () => reject(count.error);
          };
        })
        """);

    /// <summary>Waits until the service worker has kept the shell; if it never does, says why (console, registration).</summary>
    private static async Task OfflineReadyAsync(IPage page, IEnumerable<string> console)
    {
        try
        {
            await page.WaitForSelectorAsync("html[data-offline-ready=true]", new() { Timeout = Timeout, State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>("""
                async () => JSON.stringify({ secure: window.isSecureContext, workers: (await navigator.serviceWorker.getRegistrations()).length,
                  controlled: !!navigator.serviceWorker.controller, ready: document.getElementById('vc-offline-ready').textContent })
                """);
            throw new InvalidOperationException($"The hall page never became ready to work offline: {state}\n{string.Join("\n", console)}");
        }
    }

    private Task<List<Visit>> ServerVisitsAsync(Establishment e) =>
        App.WithDbAsync(db => db.Visits.AsNoTracking().Where(v => v.EstablishmentId == e.Id).OrderBy(v => v.Id).ToListAsync());

    [Fact]
    public async Task Three_visits_online_and_two_offline_reach_the_server_exactly_once_and_the_outbox_empties()
    {
        var e = await PrisonAsync("OFL");
        await using var context = await fixture.TabletAsync();
        var page = await context.NewPageAsync();
        var problems = await PageProblems.WatchAsync(page);
        var all = new List<string>();
        page.Console += (_, message) => all.Add($"console {message.Type}: {message.Text}");

        await SignInAsync(page, "staff-OFL");
        await page.GotoAsync("/establishments/OFL/today");
        // The service worker has kept the shell: the page says it works offline.
        await OfflineReadyAsync(page, all);
        await Assertions.Expect(page.Locator("#vc-offline-ready")).ToHaveTextAsync("This page works offline on this tablet.");
        await AssertAccessibleAsync(page, "Today");

        for (var i = 1; i <= 3; i++)
        {
            await LogVisitByTappingAsync(page, $"A100{i}BC");
            // Logged in place from the API's answer: no reload.
            await Assertions.Expect(page.Locator("#vc-logged")).ToContainTextAsync($"Visit logged: A100{i}BC: Attended", new() { Timeout = Timeout });
        }
        Assert.Equal(3, (await ServerVisitsAsync(e)).Count);
        await AssertAccessibleAsync(page, "Today with visits and a confirmation");

        // The network goes; the reloaded page comes from the service worker's shell, with today's sessions.
        await context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Working offline" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("00:00 to 23:59 Social")).ToBeCheckedAsync();
        await AssertAccessibleAsync(page, "Offline shell");

        foreach (var prisoner in new[] { "B2001CD", "B2002CD" })
        {
            await LogVisitByTappingAsync(page, prisoner);
            await Assertions.Expect(page.Locator("#vc-logged")).ToContainTextAsync($"Visit for {prisoner} saved on this tablet");
        }
        await Assertions.Expect(page.Locator("#vc-outbox-status")).ToHaveTextAsync("2 changes waiting to be sent. They will be sent when the network is back.");
        Assert.Equal(2, await OutboxCountAsync(page));
        Assert.Equal(3, (await ServerVisitsAsync(e)).Count);
        await AssertAccessibleAsync(page, "Offline shell with visits waiting");

        // The network comes back: the outbox sends itself and empties.
        await context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator("#vc-outbox-status")).ToHaveTextAsync("No changes waiting to be sent.", new() { Timeout = Timeout });
        Assert.Equal(0, await OutboxCountAsync(page));
        var visits = await ServerVisitsAsync(e);
        Assert.Equal(5, visits.Count);
        Assert.Equal(["A1001BC", "A1002BC", "A1003BC", "B2001CD", "B2002CD"], visits.Select(v => v.Prisoner).Order().ToList());
        Assert.Equal(5, visits.Select(v => v.ClientId).Distinct().Count());
        Assert.All(visits, v =>
        {
            Assert.Equal((2, 1, VisitOutcome.Attended, Relationship.Parent), (v.Adults, v.Children5To11, v.Outcome!.Value, v.Relationship!.Value));
            Assert.NotNull(v.ArrivedAt);
            Assert.False(v.NeedsReview);
        });

        // "Send now" with nothing waiting sends nothing again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send now" }).ClickAsync();
        await Assertions.Expect(page.Locator("#vc-outbox-status")).ToHaveTextAsync("No changes waiting to be sent.");
        Assert.Equal(5, (await ServerVisitsAsync(e)).Count);
        Assert.Empty(problems.Errors);

        // Signing out leaves nothing of the outbox on the tablet.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login"));
        Assert.False(await page.EvaluateAsync<bool>("async () => (await indexedDB.databases()).some(d => d.name === 'visitscapture')"));
    }

    [Fact]
    public async Task A_visit_the_server_refuses_after_syncing_waits_under_needs_attention_until_discarded()
    {
        var e = await PrisonAsync("ATT");
        await using var context = await fixture.TabletAsync();
        var page = await context.NewPageAsync();
        var problems = await PageProblems.WatchAsync(page);
        await SignInAsync(page, "staff-ATT");
        await page.GotoAsync("/establishments/ATT/today");
        await OfflineReadyAsync(page, problems.Errors);

        // Offline, the tablet cannot know that this postcode does not exist: the visit is queued.
        await context.SetOfflineAsync(true);
        await page.GetByLabel("Prison number").FillAsync("C3001EF");
        await page.GetByLabel("Visitor's postcode district, like WV10 (optional)").FillAsync("NOT A POSTCODE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Booked: not arrived yet" }).ClickAsync();
        await Assertions.Expect(page.Locator("#vc-outbox-status")).ToContainTextAsync("1 change waiting to be sent.");

        // Back online, the server refuses it (422): it moves to "Needs attention", with the reason, and nothing is stored.
        await context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator("#vc-outbox-attention")).ToContainTextAsync("C3001EF", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#vc-outbox-attention")).ToContainTextAsync("Enter a real postcode");
        await Assertions.Expect(page.Locator("#vc-outbox-status")).ToHaveTextAsync("No changes waiting to be sent.");
        Assert.Equal(0, await OutboxCountAsync(page));
        Assert.Empty(await ServerVisitsAsync(e));
        await AssertAccessibleAsync(page, "Today with a visit needing attention");

        await page.GetByRole(AriaRole.Button, new() { Name = "Discard the visit for C3001EF" }).ClickAsync();
        await Assertions.Expect(page.Locator("#vc-outbox-attention")).ToBeHiddenAsync();
        Assert.StartsWith("Failed to load resource: the server responded with a status of 422", Assert.Single(problems.Errors));
    }

    [Fact]
    public async Task The_hall_pages_pass_axe_work_by_keyboard_and_show_errors_in_a_GOV_UK_summary()
    {
        var e = await PrisonAsync("KBD");
        await using var context = await fixture.TabletAsync();
        var page = await context.NewPageAsync();
        var problems = await PageProblems.WatchAsync(page);
        page.Console += (_, message) => TestContext.Current.TestOutputHelper?.WriteLine($"console {message.Type}: {message.Text}");
        await SignInAsync(page, "staff-KBD");
        await page.GotoAsync("/establishments/KBD/today");

        // A wrong prison number is caught before anything is queued, in the GOV.UK error pattern.
        await page.GetByLabel("Prison number").FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Attended: arrived now" }).ClickAsync();
        var summary = page.Locator(".govuk-error-summary");
        await Assertions.Expect(summary).ToContainTextAsync("Enter a prison number in the right format");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await AssertAccessibleAsync(page, "Today with an error");
        Assert.Equal(0, await OutboxCountAsync(page));

        // By keyboard only: the prison number, the adults' + button with Space, then Enter logs the visit as attended.
        await page.GetByLabel("Prison number").FillAsync("k1234lm");
        await page.GetByRole(AriaRole.Button, new() { Name = "One more: Adults", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.GetByLabel("Adults", new() { Exact = true })).ToHaveValueAsync("2");
        await page.GetByLabel("Prison number").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#vc-logged")).ToContainTextAsync("Visit logged: K1234LM: Attended", new() { Timeout = Timeout });
        var visit = Assert.Single(await ServerVisitsAsync(e));
        Assert.Equal(("K1234LM", 2, VisitOutcome.Attended), (visit.Prisoner, visit.Adults, visit.Outcome!.Value));

        await page.GetByRole(AriaRole.Link, new() { Name = "Open visit for K1234LM" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Visit for K1234LM" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "Visit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Visit ended now" }).ClickAsync();
        await Assertions.Expect(page.GetByText("K1234LM: end time recorded.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Correct the details or times" }).ClickAsync();
        await AssertAccessibleAsync(page, "Correct a visit");
        await page.GetByLabel("Arrival time (optional)").FillAsync("99:99");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter the arrival time as a 24-hour time");
        await AssertAccessibleAsync(page, "Correct a visit with an error");
        // The only console error is Chromium noting the API's deliberate 422 answer to the correction.
        Assert.StartsWith("Failed to load resource: the server responded with a status of 422", Assert.Single(problems.Errors));
    }

    [Fact]
    public async Task The_timetable_pages_pass_axe_for_a_governor()
    {
        await PrisonAsync("GTT");
        await App.AddUserAsync("gov-GTT", Roles.Governor, "GTT");
        await using var context = await fixture.TabletAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, "gov-GTT");

        await page.GotoAsync("/establishments/GTT/timetable");
        await AssertAccessibleAsync(page, "Timetable");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a weekly session" }).ClickAsync();
        await AssertAccessibleAsync(page, "Add a weekly session");
        await page.GetByLabel("Tuesday").CheckAsync();
        await page.GetByLabel("Start time").FillAsync("14:00");
        await page.GetByLabel("End time").FillAsync("13:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add weekly session" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("The end time must be after the start time");
        await AssertAccessibleAsync(page, "Add a weekly session with errors");
        await page.GetByLabel("End time").FillAsync("16:00");
        await page.GetByLabel("Social", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Capacity in visits (tables)").FillAsync("20");
        await page.GetByLabel("Capacity in visitors").FillAsync("60");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add weekly session" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Weekly session added: Tuesdays 14:00 to 16:00.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate sessions" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("added from");
        await AssertAccessibleAsync(page, "Timetable with sessions");
        await page.GetByRole(AriaRole.Link, new() { Name = "Change Tuesday 14:00 to 16:00" }).ClickAsync();
        await AssertAccessibleAsync(page, "Change a weekly session");
        await page.GotoAsync("/establishments/GTT/timetable");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel session" }).First.ClickAsync();
        await AssertAccessibleAsync(page, "Cancel a session");
        await page.GotoAsync("/establishments/GTT/timetable/sessions/new");
        await AssertAccessibleAsync(page, "Add a one-off session");
    }
}
