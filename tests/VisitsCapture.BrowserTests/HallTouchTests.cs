using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using VisitsCapture.BrowserTests.Infrastructure;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Sessions;
using static VisitsCapture.BrowserTests.Infrastructure.PageChecks;

namespace VisitsCapture.BrowserTests;

/// <summary>
/// The hall screen as an officer uses it: a 768x1024 touch tablet, taps counted. Logging visits updates the page in place
/// (no reload, the form and its outcome buttons stay on screen, the session stays chosen, focus back on the prison
/// number); the list's quick buttons mark a visit arrived and ended in one tap each; offline, outcome changes wait in the
/// outbox and, with a conflict corrected, reach the server exactly once.
/// </summary>
public sealed class HallTouchTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private BrowserAppFactory App => fixture.App;

    private static readonly float Timeout = 15000;

    private const int ScreenHeight = 1024;

    /// <summary>A prison with staff and two sessions today that run all day: the first is the default, the second is chosen by a tap.</summary>
    private async Task<(Establishment Prison, int Other)> PrisonAsync(string code)
    {
        var e = await App.AddEstablishmentAsync(code);
        await App.AddUserAsync($"staff-{code}", Roles.VisitsStaff, code);
        var other = await App.WithDbAsync(async db =>
        {
            Session Make(TimeOnly start, TimeOnly end, SessionType type)
            {
                var s = new Session { EstablishmentId = e.Id, Start = start, End = end, Type = type, CapacityVisits = 30, CapacityVisitors = 90, Status = SessionStatus.Planned };
                s.SetDate(TimeProvider.System.LondonToday());
                db.Sessions.Add(s);
                return s;
            }
            Make(new TimeOnly(0, 0), new TimeOnly(23, 58), SessionType.Social);
            var second = Make(new TimeOnly(0, 1), new TimeOnly(23, 59), SessionType.EnhancedFamily);
            await db.SaveChangesAsync();
            return second.Id;
        });
        return (e, other);
    }

    private Task<List<Visit>> ServerVisitsAsync(Establishment e) =>
        App.WithDbAsync(db => db.Visits.AsNoTracking().Where(v => v.EstablishmentId == e.Id).OrderBy(v => v.Id).ToListAsync());

    /// <summary>Counts every tap the officer makes.</summary>
    private sealed class Finger
    {
        public int Taps { get; private set; }

        public async Task TapAsync(ILocator target)
        {
            Taps++;
            await target.TapAsync();
        }
    }

    private static async Task AssertOnScreenAsync(IPage page, string selector)
    {
        var box = await page.Locator(selector).BoundingBoxAsync();
        Assert.NotNull(box);
        if (box.Y < 0 || box.Y + box.Height > ScreenHeight)
        {
            var layout = await page.EvaluateAsync<string>("""
                () => [...document.querySelectorAll('header, .govuk-main-wrapper, .vc-hall__top, #vc-log-visit > *, #vc-logged')]
                  .map(e => `${e.tagName}.${e.className || e.id}: ${Math.round(e.getBoundingClientRect().top)}+${Math.round(e.getBoundingClientRect().height)}`).join('\n')
                """);
            Assert.Fail($"{selector} is at y={box.Y}..{box.Y + box.Height}, outside the {ScreenHeight}-pixel screen:\n{layout}");
        }
    }

    [Fact]
    public async Task Ten_visits_in_a_row_by_touch_stay_on_one_screen_and_arrived_then_ended_is_one_tap_each_from_the_list()
    {
        var (e, other) = await PrisonAsync("TCH");
        await using var context = await fixture.TouchTabletAsync();
        var page = await context.NewPageAsync();
        var problems = await PageProblems.WatchAsync(page);
        await SignInAsync(page, "staff-TCH");
        await page.GotoAsync("/establishments/TCH/today");
        await AssertAccessibleAsync(page, "Today (touch)");
        // A marker that a reload would lose: the page must never reload while visits are logged.
        await page.EvaluateAsync("() => { window.vcSamePage = true; }");
        var finger = new Finger();
        var chosen = page.GetByLabel("00:01 to 23:59 Enhanced family");
        await finger.TapAsync(chosen);
        // Once, at the start of the session: back into the prison number box.
        await finger.TapAsync(page.GetByLabel("Prison number"));
        var choosing = finger.Taps;

        var perVisit = new List<int>();
        for (var i = 1; i <= 10; i++)
        {
            var prisoner = $"A10{i:00}BC";
            var before = finger.Taps;
            // Focus is already in the prison number: the officer types it, taps + for a child on every third visit, then what happened.
            await Assertions.Expect(page.GetByLabel("Prison number")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync(prisoner);
            if (i % 3 == 0)
            {
                await finger.TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "One more: Children aged 5 to 11", Exact = true }));
            }
            await finger.TapAsync(page.GetByRole(AriaRole.Button, new() { Name = i % 2 == 1 ? "Booked: not arrived yet" : "Attended: arrived now" }));
            perVisit.Add(finger.Taps - before);

            await Assertions.Expect(page.Locator("#vc-logged")).ToContainTextAsync($"Visit logged: {prisoner}", new() { Timeout = Timeout });
            await Assertions.Expect(page.Locator($"tr.vc-visit[data-prisoner={prisoner}]")).ToBeAttachedAsync();
            await Assertions.Expect(page.GetByLabel("Prison number")).ToBeFocusedAsync();
            await Assertions.Expect(page.GetByLabel("Prison number")).ToHaveValueAsync("");
            await Assertions.Expect(chosen).ToBeCheckedAsync();
            Assert.Equal(0, await page.EvaluateAsync<double>("() => window.scrollY"));
            await AssertOnScreenAsync(page, "#Prisoner");
            await AssertOnScreenAsync(page, "#vc-log-visit .vc-outcome-buttons");
            await AssertOnScreenAsync(page, "#vc-logged");
        }
        Assert.True(await page.EvaluateAsync<bool>("() => window.vcSamePage === true"), "the page reloaded");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Taps per visit: {string.Join(", ", perVisit)} (mean {perVisit.Average():0.0}), plus {choosing} to choose the session once");
        Assert.All(perVisit, taps => Assert.InRange(taps, 1, 2));
        // The counts came from the API's answers: 10 logged in the chosen session, 5 attended.
        var counts = page.Locator($".vc-sessions > li[data-session-id=\"{other}\"]");
        await Assertions.Expect(counts.Locator("[data-count=logged]")).ToHaveTextAsync("10");
        await Assertions.Expect(counts.Locator("[data-count=attended]")).ToHaveTextAsync("5");

        // The list: waiting visits first; find one by its number; Arrived, then Ended, one tap each.
        await Assertions.Expect(page.Locator("tr.vc-visit").First).ToHaveAttributeAsync("data-prisoner", "A1001BC");
        await page.GetByLabel("Find a visit").FillAsync("1005");
        await Assertions.Expect(page.Locator("tr.vc-visit:visible")).ToHaveCountAsync(1);
        var arrive = finger.Taps;
        await finger.TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Arrived: A1005BC" }));
        await Assertions.Expect(page.Locator("tr[data-prisoner=A1005BC]")).ToHaveAttributeAsync("data-outcome", "Attended", new() { Timeout = Timeout });
        await finger.TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Ended: A1005BC" }));
        await Assertions.Expect(page.Locator("tr[data-prisoner=A1005BC] .vc-visit__state")).ToContainTextAsync("ended", new() { Timeout = Timeout });
        Assert.Equal(2, finger.Taps - arrive);
        Assert.True(await page.EvaluateAsync<bool>("() => window.vcSamePage === true"), "the page reloaded");
        await AssertAccessibleAsync(page, "Today with ten visits, filtered");

        var visits = await ServerVisitsAsync(e);
        Assert.Equal(10, visits.Count);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"A10{i:00}BC").ToList(), visits.Select(v => v.Prisoner).ToList());
        Assert.All(visits, v => Assert.Equal(other, v.SessionId));
        var marked = visits.Single(v => v.Prisoner == "A1005BC");
        Assert.Equal(VisitOutcome.Attended, marked.Outcome);
        Assert.NotNull(marked.ArrivedAt);
        Assert.NotNull(marked.EndedAt);
        Assert.Equal(["A1001BC", "A1003BC", "A1007BC", "A1009BC"], visits.Where(v => v.Outcome is null).Select(v => v.Prisoner).ToList());
        Assert.Equal(1, visits.Single(v => v.Prisoner == "A1003BC").Children5To11);
        Assert.Empty(problems.Errors);
    }

    [Fact]
    public async Task Offline_outcome_changes_and_a_corrected_conflict_reach_the_server_exactly_once()
    {
        var (e, _) = await PrisonAsync("OFC");
        await using var context = await fixture.TouchTabletAsync();
        var page = await context.NewPageAsync();
        var problems = await PageProblems.WatchAsync(page);
        await SignInAsync(page, "staff-OFC");
        await page.GotoAsync("/establishments/OFC/today");
        // The page opens with the cursor in the prison number.
        await Assertions.Expect(page.GetByLabel("Prison number")).ToBeFocusedAsync();
        foreach (var prisoner in new[] { "C1001CC", "C1002CC", "C1003CC" })
        {
            await page.Keyboard.TypeAsync(prisoner);
            await page.GetByRole(AriaRole.Button, new() { Name = "Booked: not arrived yet" }).TapAsync();
            await Assertions.Expect(page.Locator("#vc-logged")).ToContainTextAsync($"Visit logged: {prisoner}", new() { Timeout = Timeout });
        }

        // The network goes: arrived then ended on one visit, no show on another, arrived on a third.
        await context.SetOfflineAsync(true);
        await page.GetByRole(AriaRole.Button, new() { Name = "Arrived: C1001CC" }).TapAsync();
        await Assertions.Expect(page.Locator("tr[data-prisoner=C1001CC]")).ToContainTextAsync("Waiting to be sent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ended: C1001CC" }).TapAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "No show: C1002CC" }).TapAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Arrived: C1003CC" }).TapAsync();
        await Assertions.Expect(page.Locator("#vc-outbox-status")).ToHaveTextAsync("4 changes waiting to be sent. They will be sent when the network is back.");
        await AssertAccessibleAsync(page, "Today offline with changes waiting");
        Assert.All(await ServerVisitsAsync(e), v => Assert.Null(v.Outcome));

        // Meanwhile someone else changes C1003CC: the tablet's change to it is now a conflict.
        await App.WithDbAsync(async db =>
        {
            var v = await db.Visits.SingleAsync(x => x.EstablishmentId == e.Id && x.Prisoner == "C1003CC");
            v.TableNumber = "9";
            v.Version = Guid.NewGuid();
            await db.SaveChangesAsync();
        });

        await context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator("#vc-outbox-status")).ToHaveTextAsync("No changes waiting to be sent.", new() { Timeout = Timeout });
        var attention = page.Locator("#vc-outbox-attention");
        await Assertions.Expect(attention).ToContainTextAsync("C1003CC");
        await Assertions.Expect(attention).ToContainTextAsync("changed by someone else");
        await Assertions.Expect(page.Locator("tr[data-prisoner=C1001CC] .vc-visit__state")).ToContainTextAsync("ended");
        await Assertions.Expect(page.Locator("tr[data-prisoner=C1001CC]")).Not.ToContainTextAsync("Waiting to be sent");
        await AssertAccessibleAsync(page, "Today with a change needing attention");

        // Edited and sent again: the correction form shows the visit as it is now with the tablet's change on it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit and send again: the change to the visit for C1003CC" }).TapAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Correct the visit for C1003CC" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Attended", new() { Exact = true })).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Table (optional)")).ToHaveValueAsync("9");
        await AssertAccessibleAsync(page, "Correct a visit, sent again from needs attention");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).TapAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Visit for C1003CC", Exact = true })).ToBeVisibleAsync(new() { Timeout = Timeout });

        await page.GotoAsync("/establishments/OFC/today");
        await Assertions.Expect(page.Locator("#vc-outbox-status")).ToHaveTextAsync("No changes waiting to be sent.");
        await Assertions.Expect(attention).ToBeHiddenAsync();

        var visits = await ServerVisitsAsync(e);
        Assert.Equal(["C1001CC", "C1002CC", "C1003CC"], visits.Select(v => v.Prisoner).ToList());
        var byPrisoner = visits.ToDictionary(v => v.Prisoner);
        Assert.Equal(VisitOutcome.Attended, byPrisoner["C1001CC"].Outcome);
        Assert.NotNull(byPrisoner["C1001CC"].ArrivedAt);
        Assert.NotNull(byPrisoner["C1001CC"].EndedAt);
        Assert.Equal(VisitOutcome.NoShow, byPrisoner["C1002CC"].Outcome);
        Assert.Equal(VisitOutcome.Attended, byPrisoner["C1003CC"].Outcome);
        Assert.NotNull(byPrisoner["C1003CC"].ArrivedAt);
        Assert.Equal("9", byPrisoner["C1003CC"].TableNumber);
        // Each change was applied once: C1001CC arrived and ended, C1002CC no show, C1003CC someone else's change and the corrected arrival.
        var audits = await App.WithDbAsync(db => db.AuditEvents.Where(a => a.EntityType == "Visit" && a.Action == "Updated").CountAsync(a =>
            visits.Select(v => v.Id.ToString()).Contains(a.EntityKey)));
        Assert.Equal(5, audits);
        // The only console errors are Chromium noting the deliberate 409.
        Assert.All(problems.Errors, error => Assert.StartsWith("Failed to load resource: the server responded with a status of 409", error));
    }
}
