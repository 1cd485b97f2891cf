using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Returns;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.Web.Configuration;
using VisitsCapture.Web.Demo;
using VisitsCapture.Web.Features.Returns;

namespace VisitsCapture.BrowserTests.Infrastructure;

/// <summary>
/// The app as a demo shows it: filled by the real demo seeder at 2% of national volumes, with the monthly returns of
/// the last complete month generated and the KPI summary of the months the pages show refreshed, so every page has
/// real data. Keeps one signed-in browser context (and tab) per demo user and screen size for the whole test class.
/// </summary>
public sealed class DemoBrowserFixture() : BrowserFixture(new BrowserAppFactory(new Dictionary<string, string?>
{
    ["Demo:SeedWhenEmpty"] = "true",
    ["Demo:Scale"] = "0.02",
    ["ReferenceData:Path"] = SharedData.Folder,
    ["Jobs:Enabled"] = "false",
    ["Logging:LogLevel:Default"] = "Warning",
}))
{
    /// <summary>The dashboard shows 13 months of trends; the other pages show the last complete month.</summary>
    private const int MonthsShown = 13;

    private readonly Dictionary<(string User, Viewport Viewport), (IPage Page, PageProblems Problems)> tabs = [];

    /// <summary>The month returns are due for: the last complete one.</summary>
    public YearMonth LastMonth { get; private set; }

    /// <summary>The name of the family group HMP Birmingham is in.</summary>
    public string BirminghamGroup { get; private set; } = "";

    /// <summary>The user id of the Birmingham governor, for the admin's user page.</summary>
    public string GovernorId { get; private set; } = "";

    /// <summary>The id of the demo's intervention at HMP Birmingham, for its impact page.</summary>
    public int BirminghamIntervention { get; private set; }

    protected override async Task PrepareAsync()
    {
        using var actor = AmbientActor.As("browser test");
        using var scope = App.Services.CreateScope();
        var services = scope.ServiceProvider;
        LastMonth = services.GetRequiredService<TimeProvider>().LastCompleteMonth();
        await services.GetRequiredService<ReturnGenerator>().GenerateMonthAsync(LastMonth, CancellationToken.None);
        var summaries = services.GetRequiredService<MonthlyKpiStore>();
        for (var month = LastMonth.AddMonths(1 - MonthsShown); month <= LastMonth; month = month.AddMonths(1))
        {
            await summaries.RefreshAsync(month, CancellationToken.None);
        }
        var db = services.GetRequiredService<VisitsDbContext>();
        var birmingham = await db.Establishments.SingleAsync(e => e.Code == "BMI");
        var group = await db.FamilyGroupMemberships.Where(m => m.EstablishmentId == birmingham.Id)
            .Select(m => m.FamilyGroup!).FirstAsync();
        BirminghamGroup = group.Name;
        GovernorId = await db.Users.Where(u => u.UserName == "governor.bmi").Select(u => u.Id).SingleAsync();
        BirminghamIntervention = await db.Interventions.Where(i => i.EstablishmentId == birmingham.Id).Select(i => i.Id).FirstAsync();

        // The demo sets no targets: two of Birmingham's and one of its group, so the target pages and the dashboard's
        // status tags have something to show.
        var due = LastMonth.AddMonths(6).LastDay;
        db.Targets.AddRange(
            new KpiTarget { Kpi = Kpi.CapacityRatio, EstablishmentId = birmingham.Id, TargetValue = 3, TargetDate = due },
            new KpiTarget { Kpi = Kpi.VisitsPer100Prisoners, EstablishmentId = birmingham.Id, TargetValue = 100, TargetDate = due },
            new KpiTarget { Kpi = Kpi.PrisonerReachPct, FamilyGroupId = group.Id, TargetValue = 80, TargetDate = due });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A tab of this size signed in as a demo user (null: signed out), with its problems watched: opened once and
    /// kept for the class, as a user keeps one tab open (a new tab costs more than the checks of a page).
    /// </summary>
    public async Task<(IPage Page, PageProblems Problems)> TabAsync(string? user, Viewport viewport)
    {
        if (tabs.TryGetValue((user ?? "", viewport), out var tab))
        {
            return tab;
        }
        var context = await ContextAsync(viewport);
        var page = await context.NewPageAsync();
        var problems = await PageProblems.WatchAsync(page);
        if (user is not null)
        {
            await PageChecks.SignInAsync(page, user, DemoSeeder.Password);
        }
        tab = (page, problems);
        tabs[(user ?? "", viewport)] = tab;
        return tab;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var (page, _) in tabs.Values)
        {
            await page.Context.CloseAsync();
        }
        await base.DisposeAsync();
    }
}
