using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.Core.Returns;

namespace VisitsCapture.IntegrationTests.Returns;

/// <summary>A return gets a new version only when a value it reports changes, not when only the counts behind them move.</summary>
public sealed class ReturnVersionTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    private static readonly YearMonth May = new(2025, 5);

    private async Task<List<MonthlyReturn>> GenerateAsync(string code)
    {
        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReturnGenerator>().GenerateMonthAsync(May, CancellationToken.None);
        }
        return await App.WithDbAsync(db => db.MonthlyReturns.AsNoTracking().Where(r => r.Establishment!.Code == code && r.Month == May.Key).OrderBy(r => r.Version).ToListAsync());
    }

    [Fact]
    public async Task Counts_that_change_behind_the_same_reported_values_make_no_new_version_and_a_reported_change_does()
    {
        await App.AddEstablishmentAsync("RVA");
        // 100,000 prisoners: one prisoner visited or two is a reach of 0.00% either way.
        await ReturnsData.PopulationAsync(App, "RVA", new DateOnly(2025, 5, 15), 100_000);
        var session = await ReturnsData.SessionAsync(App, "RVA", new DateOnly(2025, 5, 6), SessionType.Social, 10);
        await ReturnsData.VisitAsync(App, session, "A1111AA", VisitOutcome.Attended);
        var second = await ReturnsData.VisitAsync(App, session, "B2222BB", VisitOutcome.Attended);
        Assert.Single(await GenerateAsync("RVA"));

        await App.WithDbAsync(async db =>
        {
            var v = await db.Visits.SingleAsync(x => x.Id == second);
            v.Prisoner = "A1111AA"; // prisoners visited 2 -> 1: a count behind the published 0.00%
            await db.SaveChangesAsync();
        });
        var afterCountChange = await GenerateAsync("RVA");

        Assert.Single(afterCountChange);

        await ReturnsData.VisitAsync(App, session, "C3333CC", VisitOutcome.Attended);
        var afterReportedChange = await GenerateAsync("RVA");

        Assert.Equal([1, 2], afterReportedChange.Select(r => r.Version));
        Assert.StartsWith("Data changed after version 1 was generated. Changes: Visits attended 2 → 3; Visitors 2 → 3", afterReportedChange[1].RevisionReason);
    }
}
