using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;

namespace VisitsCapture.IntegrationTests.Kpis;

[CollectionDefinition(Name)]
public sealed class KpiDatasetCollection : ICollectionFixture<KpiDatasetFixture>
{
    public const string Name = "KPI dataset";
}

[CollectionDefinition(Name)]
public sealed class PostgresKpiDatasetCollection : ICollectionFixture<PostgresKpiDatasetFixture>
{
    public const string Name = "KPI dataset on PostgreSQL";
}

[Collection(KpiDatasetCollection.Name)]
public sealed class KpiCountsQueryTests(KpiDatasetFixture fixture) : KpiCountsQueryTests<KpiDatasetFixture>(fixture);

[Collection(PostgresKpiDatasetCollection.Name)]
public sealed class PostgresKpiCountsQueryTests(PostgresKpiDatasetFixture fixture) : KpiCountsQueryTests<PostgresKpiDatasetFixture>(fixture);

/// <summary>The grouped counting queries over the seeded dataset give the unit fixture's counts.</summary>
public abstract class KpiCountsQueryTests<TFixture>(TFixture fixture) where TFixture : KpiDatasetFixtureBase
{
    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    private Task<int> IdAsync(string code) => fixture.App.WithDbAsync(db => db.Establishments.Where(e => e.Code == code).Select(e => e.Id).SingleAsync());

    private Task<IReadOnlyDictionary<int, KpiCounts>> MonthAsync(YearMonth month) =>
        WithScopeAsync(sp => sp.GetRequiredService<KpiCountsQuery>().ForMonthAsync(month));

    [Fact]
    public async Task Aaa_in_May_excludes_official_and_cancelled_sessions_and_counts_each_prisoner_once()
    {
        var counts = await MonthAsync(new YearMonth(2025, 5));
        var c = counts[await IdAsync("AAA")];

        Assert.Equal(40, c.Population); // (38 + 42) / 2
        Assert.Equal(35, c.PlacesAvailable); // not the Official 8 nor the cancelled 20
        Assert.Equal(5, c.VisitsAttended); // not the Official one, not the removed one
        Assert.Equal(12, c.Visitors);
        Assert.Equal(5, c.ChildVisitors);
        Assert.Equal(2, c.EnhancedFamilyVisits);
        Assert.Equal(3, c.PrisonersVisited); // A1111AA and A2222BB twice each, counted once
        Assert.Equal(2, c.NoShows); // not the Official no-show
        Assert.Equal(1, c.SessionsLost);
        Assert.True(c.HasPrisonerLevelSnapshot);
        Assert.Equal(38, c.KnownHomes);
        Assert.Equal(4, c.UnknownHomes);
        Assert.Equal(19, c.HomesWithinRadius);
        Assert.Equal(2010, c.SumDistanceMiles, 6);
        Assert.Equal(45, c.MedianDistanceMiles!.Value, 6);
    }

    [Fact]
    public async Task The_other_establishments_in_May_and_April()
    {
        var may = await MonthAsync(new YearMonth(2025, 5));
        var april = await MonthAsync(new YearMonth(2025, 4));

        var ccc = may[await IdAsync("CCC")];
        Assert.Equal((25.0, 0, 1, 0), (ccc.Population!.Value, ccc.PlacesAvailable, ccc.SessionsLost, ccc.VisitsAttended));
        var fff = may[await IdAsync("FFF")];
        Assert.Null(fff.Population);
        Assert.Equal((12, 4, 4), (fff.PlacesAvailable, fff.VisitsAttended, fff.PrisonersVisited));
        var bbb = may[await IdAsync("BBB")];
        Assert.Equal((20.0, 30, 3), (bbb.Population!.Value, bbb.PlacesAvailable, bbb.VisitsAttended));
        Assert.False(may.ContainsKey(await IdAsync("EEE")));

        var aaaApril = april[await IdAsync("AAA")];
        Assert.Equal((60.0, 40, 2, 3, 2), (aaaApril.Population!.Value, aaaApril.PlacesAvailable, aaaApril.VisitsAttended, aaaApril.Visitors, aaaApril.PrisonersVisited));
        Assert.False(aaaApril.HasPrisonerLevelSnapshot);
        Assert.Equal(50.0, april[await IdAsync("EEE")].Population);
    }

    [Fact]
    public async Task Counting_some_establishments_gives_the_same_counts_as_counting_all()
    {
        var aaa = await IdAsync("AAA");
        var ccc = await IdAsync("CCC");
        var all = await MonthAsync(new YearMonth(2025, 5));

        var some = await WithScopeAsync(sp => sp.GetRequiredService<KpiCountsQuery>().ForEstablishmentsAsync(new YearMonth(2025, 5), [aaa, ccc]));

        Assert.Equal([aaa, ccc], some.Keys.Order());
        Assert.Equivalent(all[aaa], some[aaa]);
        Assert.Equivalent(all[ccc], some[ccc]);
    }

    [Fact]
    public async Task The_summary_table_holds_the_same_counts_once_read()
    {
        var rows = await WithScopeAsync(sp => sp.GetRequiredService<MonthlyKpiStore>().CountsAsync([new YearMonth(2025, 5)]));
        var aaa = await IdAsync("AAA");

        Assert.Equal(5, rows.Count); // AAA, BBB, CCC, DDD, FFF
        Assert.Equivalent((await MonthAsync(new YearMonth(2025, 5)))[aaa], rows.Single(r => r.EstablishmentId == aaa).Counts);
        var stale = await fixture.App.WithDbAsync(db => db.MonthlyKpis.CountAsync(k => k.Month == 202505 && k.ComputedAt == MonthlyKpiStaleness.Stale));
        Assert.Equal(0, stale);
    }
}
