using System.Net;
using System.Reflection;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Returns;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.Web.Features.Returns;

namespace VisitsCapture.IntegrationTests.Returns;

/// <summary>
/// The monthly-returns job end to end, run by a real Hangfire server on in-memory storage beside SQLite, and which
/// months a run makes: that depends on the clock, not on the database, so it is not repeated on PostgreSQL.
/// </summary>
public sealed class ReturnsJobTests() : ReturnsJobTestsBase(null)
{
    [Fact]
    public async Task One_run_catches_up_every_missing_month_in_order()
    {
        await using var app = new ReturnsJobApp();
        await app.StartAsync();
        await ArrangeAsync(app, January);
        await app.RunMonthlyReturnsAsync();

        // Three months later (the server was down, or in-memory job storage was lost): February to April are missing.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 10, 9, 0, 0, TimeSpan.Zero));
        var (_, run) = await app.RunMonthlyReturnsAsync();
        Assert.Equal("\"2026-02: generated 3, unchanged 0, revised 0; 2026-03: generated 3, unchanged 0, revised 0; 2026-04: generated 3, unchanged 0, revised 0\"",
            run.History[0].Data["Result"]);
        var returns = await ReturnsData.ReturnsAsync(app);
        Assert.Equal([202601, 202602, 202603, 202604], returns.Select(r => r.Month).Distinct());
        Assert.All(returns, r => Assert.Equal(1, r.Version));
        Assert.Equal(12, returns.Count);
    }

    /// <summary>
    /// Each month is counted once per run: the KPI summary (what the dashboard and national views read) is stored, and
    /// the month's returns are made from those very counts. A visit changed while the returns are being generated
    /// therefore reaches neither: the summary row is marked stale (recounted when next read) and the next run revises
    /// the return. Counted twice, the summary would have had 4 visits attended beside a return of 3.
    /// </summary>
    [Fact]
    public async Task A_run_counts_each_month_once_so_its_return_and_its_kpi_summary_agree()
    {
        await using var app = new ReturnsJobApp();
        await app.StartAsync();
        var noShow = await ArrangeAsync(app, January);
        app.Faults.AtFirstCall = async scope =>
        {
            var db = scope.GetRequiredService<VisitsDbContext>();
            (await db.Visits.SingleAsync(v => v.Id == noShow)).Outcome = VisitOutcome.Attended;
            await db.SaveChangesAsync();
        };
        await app.RunMonthlyReturnsAsync();
        app.Faults.AtFirstCall = null;

        var rja = await app.WithDbAsync(db => db.Establishments.SingleAsync(e => e.Code == "RJA"));
        var returned = (await ReturnsData.ReturnsAsync(app)).Single(r => r.EstablishmentId == rja.Id);
        var summary = await app.WithDbAsync(db => db.MonthlyKpis.AsNoTracking().SingleAsync(k => k.EstablishmentId == rja.Id && k.Month == January.Key));
        Assert.Equal((3, 3), (returned.Counts.VisitsAttended, summary.Counts.VisitsAttended));
        Assert.Equal((returned.Counts.NoShows, returned.Counts.Visitors), (summary.Counts.NoShows, summary.Counts.Visitors));
        Assert.Equal(MonthlyKpiStaleness.Stale, summary.ComputedAt);

        var (_, next) = await app.RunMonthlyReturnsAsync();
        Assert.Contains("2026-01: generated 0, unchanged 2, revised 1", next.History[0].Data["Result"]);
        var revised = (await ReturnsData.ReturnsAsync(app)).Single(r => r.EstablishmentId == rja.Id && r.Version == 2);
        summary = await app.WithDbAsync(db => db.MonthlyKpis.AsNoTracking().SingleAsync(k => k.EstablishmentId == rja.Id && k.Month == January.Key));
        Assert.Equal((4, 4), (revised.Counts.VisitsAttended, summary.Counts.VisitsAttended));
        Assert.NotEqual(MonthlyKpiStaleness.Stale, summary.ComputedAt);
    }

    [Fact]
    public async Task Month_ends_follow_the_London_date_across_the_clock_changes()
    {
        await using var app = new ReturnsJobApp();
        await app.StartAsync();
        await ArrangeAsync(app, new YearMonth(2026, 10));
        async Task<int[]> MonthsAtAsync(int y, int mo, int d, int h, int mi)
        {
            app.Clock.SetUtcNow(new DateTimeOffset(y, mo, d, h, mi, 0, TimeSpan.Zero));
            await app.RunMonthlyReturnsAsync();
            return (await ReturnsData.ReturnsAsync(app)).Select(r => r.Month).Distinct().ToArray();
        }

        // GMT since 25 October 2026: 23:30 UTC on the 31st is 23:30 in London, still October.
        Assert.Empty(await MonthsAtAsync(2026, 10, 31, 23, 30));
        Assert.Equal(new[] { 202610 }, await MonthsAtAsync(2026, 11, 1, 0, 0));
        // BST since 28 March 2027: 22:59 UTC on the 31st is 23:59 in London (March); 23:30 UTC is 00:30 on 1 April.
        Assert.Equal(new[] { 202610, 202611, 202612, 202701, 202702 }, await MonthsAtAsync(2027, 3, 31, 22, 59));
        Assert.Equal(new[] { 202610, 202611, 202612, 202701, 202702, 202703 }, await MonthsAtAsync(2027, 3, 31, 23, 30));
    }
}

/// <summary>The same on PostgreSQL, with the job server on Hangfire.PostgreSql storage in the app's database.</summary>
public sealed class PostgresReturnsJobTests(SharedPostgres postgres) : ReturnsJobTestsBase(postgres);

public abstract class ReturnsJobTestsBase(SharedPostgres? postgres)
{
    protected static readonly YearMonth January = new(2026, 1);

    /// <summary>RJA and RJB in one family group with January's data; RJD open with no data; RJC closed before 2026.</summary>
    protected static async Task<int> ArrangeAsync(AppFactory app, YearMonth month)
    {
        await app.AddEstablishmentAsync("RJA");
        await app.AddEstablishmentAsync("RJB");
        await app.AddEstablishmentAsync("RJD");
        await app.AddEstablishmentAsync("RJC");
        await app.WithDbAsync(async db =>
        {
            (await db.Establishments.SingleAsync(e => e.Code == "RJC")).ClosedOn = new DateOnly(2025, 6, 1);
            await db.SaveChangesAsync();
        });
        await ReturnsData.GroupAsync(app, "Male locals", 202501, "RJA", "RJB");
        return await ReturnsData.MonthAsync(app, month, "RJA", "RJB");
    }

    [Fact]
    public async Task A_month_of_data_makes_returns_with_the_right_numbers_once_and_a_changed_visit_makes_a_revised_version()
    {
        await using var app = new ReturnsJobApp { Postgres = postgres };
        await app.StartAsync();
        var noShow = await ArrangeAsync(app, January);

        var (_, first) = await app.RunMonthlyReturnsAsync();
        Assert.Contains("2026-01: generated 3, unchanged 0, revised 0", first.History[0].Data["Result"]);
        var returns = await ReturnsData.ReturnsAsync(app);
        Assert.Equal(["RJA", "RJB", "RJD"], returns.Select(r => r.Establishment!.Code));
        Assert.All(returns, r => Assert.Equal((202601, 1, ReturnStatus.Draft, false), (r.Month, r.Version, r.Status, r.Revised)));

        var a = returns[0];
        Assert.Equal("Male locals", a.FamilyGroup);
        Assert.Equal((200.0, 16, 3, 8, 4, 1, 2, 1, 1), (a.Counts.Population!.Value, a.Counts.PlacesAvailable, a.Counts.VisitsAttended,
            a.Counts.Visitors, a.Counts.ChildVisitors, a.Counts.EnhancedFamilyVisits, a.Counts.PrisonersVisited, a.Counts.NoShows, a.Counts.SessionsLost));
        Assert.Equal("0.08", ReturnFormat.Kpi(Kpi.CapacityRatio, a.Counts));
        Assert.Equal("1.50", ReturnFormat.Kpi(Kpi.VisitsPer100Prisoners, a.Counts));
        Assert.Equal("2.00", ReturnFormat.Kpi(Kpi.ChildVisitorsPer100Prisoners, a.Counts));
        Assert.Equal("18.75", ReturnFormat.Kpi(Kpi.UtilisationPct, a.Counts));
        Assert.Equal("1.00", ReturnFormat.Kpi(Kpi.PrisonerReachPct, a.Counts));
        Assert.Equal("25.00", ReturnFormat.Kpi(Kpi.NoShowPct, a.Counts));
        Assert.Equal("", ReturnFormat.Kpi(Kpi.PliPct, a.Counts));

        // Family-group comparison at generation time: capacity ratios 0.08 (RJA) and 0.20 (RJB).
        var detail = ReturnDetail.FromJson(a.DetailJson);
        var capacity = detail.Kpis.Single(k => k.Kpi == Kpi.CapacityRatio);
        Assert.Equal(2, capacity.GroupN);
        Assert.Equal(0.14, capacity.Median!.Value, 10);
        Assert.Equal((2, 4), (capacity.Rank, capacity.QuartilePosition));
        var noShows = detail.Kpis.Single(k => k.Kpi == Kpi.NoShowPct);
        Assert.Equal(2, noShows.Rank); // lower is better: RJB's 0% ranks first
        Assert.Contains(detail.DataQuality, f => f.Code == "NoPrisonerLevelSnapshot");
        var d = ReturnDetail.FromJson(returns[2].DetailJson);
        Assert.Equal(["NoPopulation", "NoSessions", "NoFamilyGroup"], d.DataQuality.Select(f => f.Code));

        // Running again changes nothing.
        var (_, second) = await app.RunMonthlyReturnsAsync();
        Assert.Contains("2026-01: generated 0, unchanged 3, revised 0", second.History[0].Data["Result"]);
        Assert.Equal(3, (await ReturnsData.ReturnsAsync(app)).Count);

        // RJA's governor signs version 1 off; then the no-show turns out to have attended.
        await app.WithDbAsync(async db =>
        {
            var r = await db.MonthlyReturns.SingleAsync(x => x.Id == a.Id);
            (r.Status, r.SignedOffBy, r.SignedOffAt) = (ReturnStatus.SignedOff, "gov-rja", new DateTime(2026, 2, 5, 10, 0, 0, DateTimeKind.Utc));
            (await db.Visits.SingleAsync(v => v.Id == noShow)).Outcome = VisitOutcome.Attended;
            await db.SaveChangesAsync();
        });
        var (_, third) = await app.RunMonthlyReturnsAsync();
        Assert.Contains("2026-01: generated 0, unchanged 2, revised 1", third.History[0].Data["Result"]);
        var after = await ReturnsData.ReturnsAsync(app);
        Assert.Equal(4, after.Count);
        var v2 = after.Single(r => r.Establishment!.Code == "RJA" && r.Version == 2);
        Assert.True(v2.Revised);
        Assert.Equal(ReturnStatus.Draft, v2.Status);
        Assert.Equal(4, v2.Counts.VisitsAttended);
        Assert.StartsWith("Returned to draft: data changed after version 1 was signed off by gov-rja on 5 February 2026.", v2.RevisionReason);
        Assert.Contains("Visits attended 3 → 4", v2.RevisionReason);
        Assert.Contains("No-show % 25.00 → 0.00", v2.RevisionReason);
        Assert.Contains("Utilisation % 18.75 → 25.00", v2.RevisionReason);
        Assert.DoesNotContain("Places available", v2.RevisionReason);
        // Version 1 is kept as it was signed off.
        Assert.Equal(ReturnStatus.SignedOff, after.Single(r => r.Id == a.Id).Status);
        Assert.Single(after, r => r.Establishment!.Code == "RJB");
    }

    [Fact]
    public async Task A_job_that_fails_part_way_writes_no_return_shows_the_failure_and_is_retried()
    {
        var method = typeof(MonthlyReturnsJob).GetMethod(nameof(MonthlyReturnsJob.RunAsync))!;
        var retry = method.GetCustomAttribute<AutomaticRetryAttribute>()!;
        Assert.Equal(5, retry.Attempts);
        Assert.NotNull(method.GetCustomAttribute<DisableConcurrentExecutionAttribute>());

        await using var app = new ReturnsJobApp { Postgres = postgres };
        await app.StartAsync();
        await ArrangeAsync(app, January);
        await app.AddUserAsync("jobs-admin", Roles.Administrator, null);

        // The second establishment's comparison throws: the first one's return is already written in the transaction.
        app.Faults.Reset(failOnCall: 2);
        var (jobId, failed) = await app.RunMonthlyReturnsAsync(d =>
            ReturnsJobApp.State(d) == "Scheduled" && d.History.Any(h => h.StateName == "Failed"));
        Assert.Equal(2, app.Faults.Calls);
        Assert.StartsWith("Retry attempt 1 of 5", failed.History[0].Reason);
        Assert.Empty(await ReturnsData.ReturnsAsync(app));
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.EntityType == nameof(MonthlyReturn))));

        var admin = await app.SignedInAsync("jobs-admin");
        var page = await admin.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Failed, waiting to retry automatically", html);
        Assert.Contains("Injected fault: the comparison failed part-way through the month.", html);

        // The fault is gone; the retry (brought forward rather than waiting a minute) succeeds.
        app.Faults.Reset(failOnCall: null);
        app.Services.GetRequiredService<IBackgroundJobClient>().Requeue(jobId);
        await app.WaitAsync(jobId, d => ReturnsJobApp.State(d) == "Succeeded");
        Assert.Equal(3, (await ReturnsData.ReturnsAsync(app)).Count);
    }
}
