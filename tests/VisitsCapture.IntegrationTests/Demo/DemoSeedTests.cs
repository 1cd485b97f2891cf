using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Impact;
using VisitsCapture.Core.Measures;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.Web.CommandLine;
using VisitsCapture.Web.Demo;

namespace VisitsCapture.IntegrationTests.Demo;

/// <summary>The app started the way the README's run command starts it: an empty database is filled with the demo, here at 2% scale.</summary>
public sealed class DemoAppFactory : AppFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Demo:SeedWhenEmpty", "true"), new("Demo:Scale", "0.02")];
}

public sealed class DemoFixture() : AppFixture<DemoAppFactory>(null);

public sealed class PostgresDemoFixture(SharedPostgres postgres) : AppFixture<DemoAppFactory>(postgres);

public sealed class DemoSeedTests(DemoFixture fixture) : DemoSeedTests<DemoFixture>(fixture);

/// <summary>The same seed on PostgreSQL, through the bulk writer's 100-row statements.</summary>
public sealed class PostgresDemoSeedTests(PostgresDemoFixture fixture) : DemoSeedTests<PostgresDemoFixture>(fixture);

public abstract class DemoSeedTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : AppFixture<DemoAppFactory>
{
    private DemoAppFactory App => fixture.App;

    private static YearMonth LastMonth => YearMonth.Of(LondonTime.Today(TimeProvider.System)).Previous;

    [Fact]
    public async Task Every_active_prison_has_24_complete_months_of_sessions_visits_and_monthly_snapshots()
    {
        var first = LastMonth.AddMonths(-23);
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(125, await db.Establishments.CountAsync());
            Assert.Equal(125, await db.FamilyGroupMemberships.Select(m => m.EstablishmentId).Distinct().CountAsync());
            Assert.True(await db.PostcodeDistricts.CountAsync() >= 3098);

            var sessionMonths = await db.Sessions.Select(s => new { s.EstablishmentId, s.Month }).Distinct().CountAsync();
            var visitMonths = await db.Visits.Select(v => new { v.EstablishmentId, v.Month }).Distinct().CountAsync();
            Assert.Equal((125 * 24, 125 * 24), (sessionMonths, visitMonths));
            Assert.Equal((first.Key, LastMonth.Key), (await db.Sessions.MinAsync(s => s.Month), await db.Sessions.MaxAsync(s => s.Month)));
            Assert.Equal((first.FirstDay, LastMonth.LastDay), (await db.Visits.MinAsync(v => v.Date), await db.Visits.MaxAsync(v => v.Date)));

            var snapshots = await db.PopulationSnapshots.AsNoTracking()
                .Select(s => new { s.EstablishmentId, s.SnapshotDate, s.Month, s.Kind, s.Population, Records = db.PopulationRecords.Count(r => r.SnapshotId == s.Id) })
                .ToListAsync();
            Assert.Equal(125 * 24, snapshots.Count);
            Assert.All(snapshots, s =>
            {
                Assert.Equal(1, s.SnapshotDate.Day);
                Assert.Equal(YearMonth.Of(s.SnapshotDate).Key, s.Month);
                Assert.Equal(PopulationSnapshotKind.PrisonerLevel, s.Kind);
                Assert.Equal(s.Records, s.Population);
                Assert.True(s.Population >= 8);
            });
            Assert.All(snapshots.GroupBy(s => s.EstablishmentId), g => Assert.Equal(24, g.Select(s => s.Month).Distinct().Count()));
        });
    }

    [Fact]
    public async Task Visits_sessions_and_homes_look_like_a_real_estate()
    {
        await App.WithDbAsync(async db =>
        {
            var outcomes = await db.Visits.GroupBy(v => v.Outcome).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key!.Value, x => x.Count);
            Assert.Equal(Enum.GetValues<VisitOutcome>().Order(), outcomes.Keys.Order());
            var noShowPct = 100.0 * outcomes[VisitOutcome.NoShow] / (outcomes[VisitOutcome.Attended] + outcomes[VisitOutcome.NoShow]);
            Assert.InRange(noShowPct, 5, 13);
            Assert.True(outcomes[VisitOutcome.Attended] > 0.75 * outcomes.Values.Sum());

            Assert.True(await db.Visits.AnyAsync(v => v.Session!.Type == SessionType.Official));
            Assert.True(await db.Visits.AnyAsync(v => v.Session!.Type == SessionType.EnhancedFamily && v.Children0To4 + v.Children5To11 + v.Children12To17 > 0));
            Assert.True(await db.Visits.AnyAsync(v => v.FirstVisit) && await db.Visits.AnyAsync(v => v.VisitorDistrict != null));
            Assert.Equal(125 * 24, await db.Sessions.CountAsync(s => s.Type == SessionType.EnhancedFamily));
            var sessions = await db.Sessions.CountAsync();
            var cancelled = await db.Sessions.Where(s => s.Status == SessionStatus.CancelledByEstablishment).ToListAsync();
            Assert.InRange(100.0 * cancelled.Count / sessions, 0.5, 4);
            Assert.All(cancelled, s => Assert.False(string.IsNullOrEmpty(s.CancellationReason)));
            Assert.All(await db.Visits.Select(v => v.Prisoner).Take(1000).ToListAsync(), p => Assert.True(PrisonNumber.TryParse(p, out _), p));

            var districts = await db.PostcodeDistricts.AsNoTracking().ToDictionaryAsync(d => d.Outcode);
            var homes = await (from r in db.PopulationRecords
                               join s in db.PopulationSnapshots on r.SnapshotId equals s.Id
                               join e in db.Establishments on s.EstablishmentId equals e.Id
                               select new { r.HomeDistrict, r.HomeSource, r.UnknownHomeReason, e.Latitude, e.Longitude }).ToListAsync();
            var unknown = homes.Count(h => h.HomeDistrict is null);
            Assert.InRange(100.0 * unknown / homes.Count, 1.5, 5);
            Assert.All(homes.Where(h => h.HomeDistrict is null), h => Assert.Equal((HomeSource?)null, h.HomeSource));
            Assert.All(homes.Where(h => h.HomeDistrict is null), h => Assert.NotNull(h.UnknownHomeReason));
            Assert.Equal(Enum.GetValues<HomeSource>().Order(), homes.Where(h => h.HomeSource != null).Select(h => h.HomeSource!.Value).Distinct().Order());
            var miles = homes.Where(h => h.HomeDistrict is not null)
                .Select(h => GreatCircle.Miles(h.Latitude!.Value, h.Longitude!.Value, districts[h.HomeDistrict!].Latitude, districts[h.HomeDistrict!].Longitude))
                .ToList();
            // Most within 50 miles (the local radius), with a tail of prisoners held far from home.
            Assert.InRange(100.0 * miles.Count(m => m <= 50) / miles.Count, 55, 85);
            Assert.InRange(100.0 * miles.Count(m => m > 100) / miles.Count, 5, 30);
        });
    }

    [Fact]
    public async Task The_kpi_summary_is_built_for_every_month_so_the_governors_dashboard_has_figures()
    {
        var first = LastMonth.AddMonths(-23);
        var summaries = await App.WithDbAsync(db => db.MonthlyKpis.Where(k => k.Month >= first.Key && k.Month <= LastMonth.Key).CountAsync());
        Assert.Equal(125 * 24, summaries);

        var governor = App.Browser();
        await governor.PostFormAsync("/account/login", new() { ["UserName"] = "governor.bmi", ["Password"] = DemoSeeder.Password });
        var html = await governor.GetStringAsync("/establishments/BMI/dashboard");
        Assert.Contains($"KPI dashboard for {LastMonth.ToLongString()}", html);
        var headline = Regex.Match(html, "data-kpi=\"CapacityRatio\".*?data-value>([^<]+)<", RegexOptions.Singleline);
        Assert.True(headline.Success && double.TryParse(headline.Groups[1].Value.Trim(), out _), "The capacity ratio tile shows no figure");
    }

    [Fact]
    public async Task Every_establishment_has_audits_of_the_four_standards_a_visits_team_and_training()
    {
        await App.WithDbAsync(async db =>
        {
            var audited = await db.StandardAudits.Where(a => a.Status == AuditStatus.Completed).Select(a => new { a.EstablishmentId, a.StandardId }).Distinct().CountAsync();
            Assert.Equal(125 * 4, audited);
            Assert.Equal(0, await db.StandardAudits.CountAsync(a => !db.Set<AuditItemResult>().Any(r => r.StandardAuditId == a.Id)));
            Assert.Equal(125, await db.TeamMembers.Select(m => m.EstablishmentId).Distinct().CountAsync());
            Assert.True(await db.TrainingCompletions.CountAsync() > 125 * 3);
        });

        var governor = App.Browser();
        await governor.PostFormAsync("/account/login", new() { ["UserName"] = "governor.bmi", ["Password"] = DemoSeeder.Password });
        var html = await governor.GetStringAsync("/establishments/BMI/dashboard");
        var score = Regex.Match(html, "data-standard=\"VE7\".*?data-score>([^<]+)<", RegexOptions.Singleline);
        Assert.True(score.Success && score.Groups[1].Value.Trim().EndsWith('%'), "The standards panel shows no VE7 score");
    }

    [Fact]
    public async Task The_demo_interventions_tell_a_story_an_effect_where_visits_were_added_and_the_pages_show_it()
    {
        using var scope = App.Services.CreateScope();
        var reports = await scope.ServiceProvider.GetRequiredService<ImpactQuery>().AllAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["ASI", "BMI", "BXI", "DHI"], reports.Select(r => r.Establishment.Code).Order());
        foreach (var r in reports.Where(r => r.Establishment.Code != "BXI"))
        {
            // Two more weekend sessions from the start: more places and more visits than at the comparators.
            var capacity = r.On(Kpi.CapacityRatio);
            Assert.True(r.Comparators.Count >= 2, $"{r.Establishment.Code} has {r.Comparators.Count} comparators");
            Assert.True(capacity.Effect > 0.1 && capacity.PlaceboRank == 1, $"{r.Establishment.Code}: effect {capacity.Effect}, rank {capacity.PlaceboRank}");
            Assert.True(r.On(Kpi.VisitsPer100Prisoners).Effect > 0, $"{r.Establishment.Code}: visits effect {r.On(Kpi.VisitsPer100Prisoners).Effect}");
        }

        var lead = App.Browser();
        await lead.PostFormAsync("/account/login", new() { ["UserName"] = "pathway.lead", ["Password"] = DemoSeeder.Password });
        var html = await lead.GetStringAsync("/what-works?kpi=CapacityRatio");
        Assert.Contains("data-establishment=\"BMI\"", html);
        var governor = App.Browser();
        await governor.PostFormAsync("/account/login", new() { ["UserName"] = "governor.bmi", ["Password"] = DemoSeeder.Password });
        var page = await governor.GetAsync($"/establishments/BMI/interventions/{reports.Single(r => r.Establishment.Code == "BMI").Intervention.Id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task The_four_demo_users_sign_in_with_the_demo_password()
    {
        Assert.Equal(Roles.All.Order(), DemoSeeder.DemoUsers.Select(u => u.Role).Order());
        foreach (var user in DemoSeeder.DemoUsers)
        {
            var response = await App.Browser().PostFormAsync("/account/login", new() { ["UserName"] = user.UserName, ["Password"] = DemoSeeder.Password });
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{user.UserName} could not sign in: {(int)response.StatusCode}");
        }
        var staffScope = await App.WithDbAsync(db => db.RoleGrants.Where(g => g.User!.UserName == "staff.bmi").Select(g => new { g.Role, Code = g.Establishment!.Code }).SingleAsync());
        Assert.Equal((Roles.VisitsStaff, "BMI"), (staffScope.Role, staffScope.Code));
    }

    [Fact]
    public async Task Seeding_a_database_that_has_establishments_is_refused_and_changes_nothing()
    {
        var before = await CountsAsync();

        var error = await Assert.ThrowsAsync<CommandException>(async () =>
        {
            using var scope = App.Services.CreateScope();
            await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider).SeedAsync(TextWriter.Null, CancellationToken.None);
        });

        Assert.Contains("already has establishments", error.Message);
        Assert.Equal(before, await CountsAsync());
    }

    private Task<string> CountsAsync() => App.WithDbAsync(async db => string.Join(",",
        await db.Establishments.CountAsync(), await db.Sessions.CountAsync(), await db.Visits.CountAsync(), await db.PopulationRecords.CountAsync(),
        await db.Users.CountAsync(), await db.AuditEvents.CountAsync(), await db.ImportRuns.CountAsync()));
}

public sealed class DemoSeedWithoutReferenceDataTests
{
    private sealed class NoReferenceDataFactory : AppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("ReferenceData:Path", "/no/such/folder")];
    }

    [Fact]
    public async Task Fails_with_a_clear_message_and_writes_nothing()
    {
        await using var app = new NoReferenceDataFactory();
        await app.StartAsync();

        var error = await Assert.ThrowsAsync<CommandException>(async () =>
        {
            using var scope = app.Services.CreateScope();
            await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider).SeedAsync(TextWriter.Null, CancellationToken.None);
        });

        Assert.Contains("needs the open reference data", error.Message);
        Assert.Contains("outcodes/uk_outcode_centroids.csv", error.Message);
        Assert.Equal(0, await app.WithDbAsync(db => db.Establishments.CountAsync()));
    }
}
