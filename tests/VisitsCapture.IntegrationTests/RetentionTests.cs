using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Retention;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.IntegrationTests.Returns;

namespace VisitsCapture.IntegrationTests;

/// <summary>
/// DESIGN.md "Keeping data (retention)" with the default periods: the administrator's dry run counts what has
/// expired, the run removes exactly that (nothing kept, no return), and each kind removed is audited with its count.
/// </summary>
public sealed class RetentionTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    private static readonly DateOnly Today = LondonTime.Today(TimeProvider.System);

    private sealed record Arranged(int OldVisit, int NewVisit, int OldSession, int NewSession, int FourYearSnapshot, int ElevenYearSnapshot,
        int RecentSnapshot, int OldKpi, int NewKpi, long OldAudit, int OldReturn);

    private async Task<Arranged> ArrangeAsync()
    {
        await App.AddEstablishmentAsync("RTA");
        var oldSession = await ReturnsData.SessionAsync(App, "RTA", Today.AddYears(-10).AddDays(-40), SessionType.Social, 10);
        var newSession = await ReturnsData.SessionAsync(App, "RTA", Today.AddYears(-10).AddDays(40), SessionType.Social, 10);
        var oldVisit = await ReturnsData.VisitAsync(App, oldSession, "A1111AA", VisitOutcome.Attended);
        var newVisit = await ReturnsData.VisitAsync(App, newSession, "A1111AA", VisitOutcome.Attended);
        return await App.WithDbAsync(async db =>
        {
            var e = await db.Establishments.SingleAsync(x => x.Code == "RTA");
            PopulationSnapshot Snapshot(DateOnly date, PopulationSnapshotKind kind, params string[] prisoners) => new()
            {
                EstablishmentId = e.Id, SnapshotDate = date, Month = YearMonth.Of(date).Key, Kind = kind, Population = Math.Max(prisoners.Length, 300),
                ImportedAt = DateTime.UtcNow, Records = prisoners.Select(p => new PopulationRecord { Prisoner = p, HomeDistrict = "WV10" }).ToList(),
            };
            var four = Snapshot(Today.AddYears(-4), PopulationSnapshotKind.PrisonerLevel, "A1111AA", "B2222BB");
            var eleven = Snapshot(Today.AddYears(-11), PopulationSnapshotKind.CountOnly);
            var recent = Snapshot(Today.AddYears(-2), PopulationSnapshotKind.PrisonerLevel, "C3333CC");
            var oldKpi = new MonthlyKpi { EstablishmentId = e.Id, Month = YearMonth.Of(Today.AddYears(-12)).Key, ComputedAt = DateTime.UtcNow };
            var newKpi = new MonthlyKpi { EstablishmentId = e.Id, Month = YearMonth.Of(Today.AddYears(-9)).Key, ComputedAt = DateTime.UtcNow };
            var oldAudit = new AuditEvent { At = DateTime.UtcNow.AddYears(-7).AddDays(-2), Actor = "someone", Action = "Updated", EntityType = "Old" };
            var oldReturn = new MonthlyReturn { EstablishmentId = e.Id, Month = YearMonth.Of(Today.AddYears(-20)).Key, Version = 1, GeneratedAt = DateTime.UtcNow, ContentHash = "x" };
            db.AddRange(four, eleven, recent, oldKpi, newKpi, oldAudit, oldReturn);
            await db.SaveChangesAsync();
            return new Arranged(oldVisit, newVisit, oldSession, newSession, four.Id, eleven.Id, recent.Id, oldKpi.Id, newKpi.Id, oldAudit.Id, oldReturn.Id);
        });
    }

    private static async Task<Dictionary<string, string>> DueAsync(HttpClient admin)
    {
        var page = new HtmlParser().ParseDocument(await admin.GetStringAsync("/admin/retention"));
        return page.QuerySelectorAll("#retention tr[data-kind]").ToDictionary(tr => tr.GetAttribute("data-kind")!, tr => tr.QuerySelector("[data-due]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Dry_run_counts_what_has_expired_and_the_run_removes_exactly_that_and_audits_it()
    {
        var a = await ArrangeAsync();
        await App.AddUserAsync("admin-rt", Roles.Administrator, null);
        await App.AddUserAsync("gov-rt", Roles.Governor, "RTA");
        var admin = await App.SignedInAsync("admin-rt");

        var due = await DueAsync(admin);
        Assert.Equal(new Dictionary<string, string>
        {
            ["Visit"] = "1", ["Session"] = "1", ["PopulationRecord"] = "2", ["PopulationSnapshot"] = "1", ["MonthlyKpi"] = "3", ["AuditEvent"] = "1",
        }, due);
        var governor = await App.SignedInAsync("gov-rt");
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.GetAsync("/admin/retention")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/admin/retention/run", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal("1", (await DueAsync(admin))["Visit"]); // a post without the antiforgery token removed nothing

        var run = await admin.PostFormAsync("/admin/retention/run", [], "/admin/retention");

        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        Assert.Contains("Removed 1 visits, 1 sessions, 2 prisoner-level population records", await admin.GetStringAsync("/admin/retention"));
        Assert.All(await DueAsync(admin), d => Assert.Equal("0", d.Value));
        await App.WithDbAsync(async db =>
        {
            Assert.Equal([a.NewVisit], await db.Visits.Where(v => v.Id == a.OldVisit || v.Id == a.NewVisit).Select(v => v.Id).ToListAsync());
            Assert.Equal([a.NewSession], await db.Sessions.Where(s => s.Id == a.OldSession || s.Id == a.NewSession).Select(s => s.Id).ToListAsync());
            var snapshots = await db.PopulationSnapshots.AsNoTracking().OrderBy(s => s.SnapshotDate)
                .Select(s => new { s.Id, s.Kind, s.Population, Records = s.Records.Count }).ToListAsync();
            // Four years old: its prisoners are gone, its count stays; eleven years old: gone; two years old: untouched.
            Assert.Equal([(a.FourYearSnapshot, PopulationSnapshotKind.CountOnly, 300, 0), (a.RecentSnapshot, PopulationSnapshotKind.PrisonerLevel, 300, 1)],
                snapshots.Select(s => (s.Id, s.Kind, s.Population, s.Records)));
            // Saving sessions, visits and snapshots adds a summary placeholder for their months: those of the expired
            // session (10 years and 40 days ago) and snapshot (11 years) went with the one 12 years old.
            var kpis = await db.MonthlyKpis.Select(k => k.Id).ToListAsync();
            Assert.Contains(a.NewKpi, kpis);
            Assert.DoesNotContain(a.OldKpi, kpis);
            Assert.Equal(4, kpis.Count); // 10 years less 40 days, 9, 4 and 2 years ago
            Assert.False(await db.AuditEvents.AnyAsync(e => e.Id == a.OldAudit));
            Assert.True(await db.MonthlyReturns.AnyAsync(r => r.Id == a.OldReturn), "returns are kept for good");

            // One event per kind, as the administrator who pressed the button.
            var audited = await db.AuditEvents.Where(e => e.Action == "RetentionDeleted" && e.Actor == "admin-rt").OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(["Visit", "Session", "PopulationRecord", "PopulationSnapshot", "MonthlyKpi", "AuditEvent"], audited.Select(e => e.EntityType));
            Assert.Contains("\"records\":2", audited.Single(e => e.EntityType == "PopulationRecord").After);
            Assert.DoesNotContain(audited, e => e.After!.Contains("A1111AA"));
        });
    }

    [Fact]
    public async Task The_daily_job_is_scheduled_and_removes_in_batches_smaller_than_what_has_expired()
    {
        await App.WithDbAsync(async db =>
        {
            db.AuditEvents.AddRange(Enumerable.Range(0, 5).Select(i => new AuditEvent { At = DateTime.UtcNow.AddYears(-9).AddDays(i), Actor = "old", Action = "Old", EntityType = "Batch" }));
            await db.SaveChangesAsync();
        });
        using var scope = App.Services.CreateScope();
        var options = Microsoft.Extensions.Options.Options.Create(new RetentionOptions { BatchSize = 2 });
        var retention = ActivatorUtilities.CreateInstance<DataRetention>(scope.ServiceProvider, options);

        var summary = await retention.RunJobAsync(CancellationToken.None);

        Assert.Contains("Audit events: 5 removed", summary);
        Assert.False(await App.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.EntityType == "Batch")));
        Assert.True(await App.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "RetentionDeleted" && a.Actor == "retention job" && a.After!.Contains("\"records\":5"))));
        await App.AddUserAsync("admin-rt2", Roles.Administrator, null);
        var admin = await App.SignedInAsync("admin-rt2");
        Assert.Contains(DataRetention.JobId, await admin.GetStringAsync("/admin/jobs"));
    }
}
