using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Kpis;

/// <summary>An app on the fixed KPI clock with an empty database, for tests that write.</summary>
public sealed class KpiAppFixture() : AppFixture<KpiAppFactory>(null);

public sealed class PostgresKpiAppFixture(SharedPostgres postgres) : AppFixture<KpiAppFactory>(postgres);

public sealed class MonthlyKpiStoreTests(KpiAppFixture fixture) : MonthlyKpiStoreTests<KpiAppFixture>(fixture);

/// <summary>On PostgreSQL the refresh's serializable transaction fails on a concurrent change instead of waiting: it is retried.</summary>
public sealed class PostgresMonthlyKpiStoreTests(PostgresKpiAppFixture fixture) : MonthlyKpiStoreTests<PostgresKpiAppFixture>(fixture)
{
    [Fact]
    public async Task A_refresh_that_meets_a_concurrent_change_is_retried_and_counts_the_change()
    {
        var month = new YearMonth(2025, 3);
        var date = new DateOnly(2025, 3, 12);
        var (e, s) = await SessionAsync("SR1", date, 10);
        await AddVisitAsync(e, s, date, "A0001AA");
        await WithStoreAsync(async store => { await store.RefreshAsync(month, CancellationToken.None); return 0; });
        // Later, so that the refresh below writes its row even before it sees the second visit.
        App.Clock.Advance(TimeSpan.FromMinutes(5));

        // Another request saves a visit: its transaction marks the month's row stale (locking the row) and commits only
        // once the refresh, which has counted one visit, waits to update that row. The refresh then fails (40001).
        using var scope = App.Services.CreateScope();
        var other = scope.ServiceProvider.GetRequiredService<VisitsDbContext>();
        await using var transaction = await other.Database.BeginTransactionAsync();
        other.Visits.Add(new Visit
        {
            ClientId = Guid.NewGuid(), EstablishmentId = e, SessionId = s, Date = date, Month = month.Key, Prisoner = "A0002AA", Adults = 1,
            Outcome = VisitOutcome.Attended, CreatedAt = DateTime.UtcNow,
        });
        await other.SaveChangesAsync();
        var refresh = WithStoreAsync(async store => { await store.RefreshAsync(month, CancellationToken.None); return 0; });
        await App.WaitForBlockedStatementAsync();
        await transaction.CommitAsync();
        await refresh;

        var row = (await RowsAsync(e)).Single(r => r.Month == month.Key);
        Assert.Equal(2, row.Counts.VisitsAttended);
        Assert.NotEqual(MonthlyKpiStaleness.Stale, row.ComputedAt);
    }
}

/// <summary>The MonthlyKpi summary: refreshed when a month's data changes, idempotent, and exact after refresh.</summary>
public abstract class MonthlyKpiStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : AppFixture<KpiAppFactory>
{
    private static readonly YearMonth May = new(2025, 5);

    protected KpiAppFactory App => fixture.App;

    protected async Task<T> WithStoreAsync<T>(Func<MonthlyKpiStore, Task<T>> action)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<MonthlyKpiStore>());
    }

    protected Task<KpiCounts?> CountsAsync(int establishmentId, YearMonth month) =>
        WithStoreAsync(async s => (await s.CountsAsync([month])).SingleOrDefault(r => r.EstablishmentId == establishmentId)?.Counts);

    protected Task<List<MonthlyKpi>> RowsAsync(int establishmentId) =>
        fixture.App.WithDbAsync(db => db.MonthlyKpis.AsNoTracking().Where(k => k.EstablishmentId == establishmentId).ToListAsync());

    protected async Task<(int EstablishmentId, int SessionId)> SessionAsync(string code, DateOnly date, int places)
    {
        var e = await fixture.App.AddEstablishmentAsync(code);
        var session = new Session { EstablishmentId = e.Id, Start = new(14, 0), End = new(16, 0), Type = SessionType.Social, CapacityVisits = places };
        session.SetDate(date);
        await fixture.App.WithDbAsync(async db =>
        {
            db.Sessions.Add(session);
            await db.SaveChangesAsync();
        });
        return (e.Id, session.Id);
    }

    protected Task<Visit> AddVisitAsync(int establishmentId, int sessionId, DateOnly date, string prisoner) =>
        fixture.App.WithDbAsync(async db =>
        {
            var v = new Visit
            {
                ClientId = Guid.NewGuid(), EstablishmentId = establishmentId, SessionId = sessionId, Date = date, Month = YearMonth.Of(date).Key,
                Prisoner = prisoner, Adults = 1, Outcome = VisitOutcome.Attended,
            };
            db.Visits.Add(v);
            await db.SaveChangesAsync();
            return v;
        });

    [Fact]
    public async Task Saving_a_visit_marks_its_month_stale_and_the_next_read_recomputes_it()
    {
        var date = new DateOnly(2025, 5, 6);
        var (e, s) = await SessionAsync("SA1", date, 10);
        await AddVisitAsync(e, s, date, "A0001AA");
        Assert.Equal(1, (await CountsAsync(e, May))!.VisitsAttended);
        Assert.All(await RowsAsync(e), r => Assert.NotEqual(MonthlyKpiStaleness.Stale, r.ComputedAt));

        var second = await AddVisitAsync(e, s, date, "A0002AA");
        Assert.Equal(MonthlyKpiStaleness.Stale, (await RowsAsync(e)).Single().ComputedAt);
        Assert.Equal(2, (await CountsAsync(e, May))!.VisitsAttended);

        // A correction (removing the visit) is a change too.
        await fixture.App.WithDbAsync(async db =>
        {
            var v = await db.Visits.SingleAsync(x => x.Id == second.Id);
            v.Removed = true;
            await db.SaveChangesAsync();
        });
        Assert.Equal(1, (await CountsAsync(e, May))!.VisitsAttended);
        Assert.Equal(10, (await CountsAsync(e, May))!.PlacesAvailable);
    }

    [Fact]
    public async Task A_new_establishment_saved_with_its_sessions_gets_a_summary()
    {
        var id = await fixture.App.WithDbAsync(async db =>
        {
            var e = new Establishment { Code = "SA2", Name = "HMP SA2" };
            var session = new Session { Establishment = e, Start = new(9, 0), End = new(11, 0), Type = SessionType.Social, CapacityVisits = 7 };
            session.SetDate(new DateOnly(2025, 5, 2));
            db.Sessions.Add(session);
            await db.SaveChangesAsync();
            return e.Id;
        });

        Assert.Equal(7, (await CountsAsync(id, May))!.PlacesAvailable);
    }

    [Fact]
    public async Task Changes_made_without_the_change_tracker_are_picked_up_once_marked()
    {
        var date = new DateOnly(2025, 5, 7);
        var (e, s) = await SessionAsync("SA3", date, 12);
        Assert.Equal(12, (await CountsAsync(e, May))!.PlacesAvailable);

        await fixture.App.WithDbAsync(db => db.Sessions.Where(x => x.Id == s).ExecuteUpdateAsync(u => u.SetProperty(x => x.CapacityVisits, 20)));
        Assert.Equal(12, (await CountsAsync(e, May))!.PlacesAvailable); // not seen: no change tracker
        await WithStoreAsync(async store =>
        {
            await store.MarkChangedAsync(e, May);
            return 0;
        });

        Assert.Equal(20, (await CountsAsync(e, May))!.PlacesAvailable);
    }

    [Fact]
    public async Task A_visit_saved_while_a_read_recounts_its_month_leaves_the_row_stale_not_fresh_and_wrong()
    {
        var month = new YearMonth(2025, 4);
        var date = new DateOnly(2025, 4, 9);
        var (e, s) = await SessionAsync("SA5", date, 10);
        await AddVisitAsync(e, s, date, "A0001AA");
        var database = await fixture.App.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()));

        // The read recounts the month without holding the write lock: once it has read the visits, another request
        // saves a visit, which the count may have missed, and marks the month stale.
        KpiCounts? during;
        using (new AfterFirstCommand(database!, "\"Visits\"", () => AddVisitAsync(e, s, date, "A0002AA")))
        {
            during = await CountsAsync(e, month);
        }

        Assert.InRange(during!.VisitsAttended, 1, 2);
        Assert.Equal(MonthlyKpiStaleness.Stale, (await RowsAsync(e)).Single(r => r.Month == month.Key).ComputedAt);
        Assert.Equal(2, (await CountsAsync(e, month))!.VisitsAttended);
        Assert.True((await RowsAsync(e)).Single(r => r.Month == month.Key).ComputedAt >= MonthlyKpiStaleness.StaleBefore);
    }

    [Fact]
    public async Task Refreshing_a_month_twice_gives_the_same_rows_and_drops_establishments_without_data()
    {
        var month = new YearMonth(2025, 2);
        var date = new DateOnly(2025, 2, 10);
        var (e, s) = await SessionAsync("SA4", date, 15);
        await AddVisitAsync(e, s, date, "A0003AA");

        await WithStoreAsync(async store => { await store.RefreshAsync(month, CancellationToken.None); return 0; });
        var first = (await RowsAsync(e)).Single(r => r.Month == month.Key);
        await WithStoreAsync(async store => { await store.RefreshAsync(month, CancellationToken.None); return 0; });
        var second = (await RowsAsync(e)).Single(r => r.Month == month.Key);

        Assert.Equal(first.Id, second.Id);
        Assert.Equivalent(first.Counts, second.Counts);
        Assert.Equal((15, 1), (second.Counts.PlacesAvailable, second.Counts.VisitsAttended));

        // Once the data is gone, the month's row goes too (a placeholder never outlives a refresh).
        await fixture.App.WithDbAsync(async db =>
        {
            await db.Visits.Where(v => v.SessionId == s).ExecuteDeleteAsync();
            await db.Sessions.Where(x => x.Id == s).ExecuteDeleteAsync();
        });
        await WithStoreAsync(async store => { await store.RefreshAsync(month, CancellationToken.None); return 0; });
        Assert.DoesNotContain(await RowsAsync(e), r => r.Month == month.Key);
        Assert.Null(await CountsAsync(e, month));
    }
}

/// <summary>
/// Runs an action, once, right after the first EF command on this database whose SQL mentions <c>table</c> has
/// executed (EF's diagnostic events): a change made "between" two steps of the code under test.
/// </summary>
internal sealed class AfterFirstCommand : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _database;
    private readonly string _table;
    private readonly Func<Task> _action;
    private readonly List<IDisposable> _subscriptions = [];
    private int _done;

    public AfterFirstCommand(string database, string table, Func<Task> action)
    {
        (_database, _table, _action) = (database, table, action);
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            _subscriptions.Add(value.Subscribe(this));
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is CommandExecutedEventData e && e.Command.CommandText.Contains(_table, StringComparison.Ordinal)
            && e.Context?.Database.GetConnectionString() == _database && Interlocked.Exchange(ref _done, 1) == 0)
        {
            Task.Run(_action).GetAwaiter().GetResult();
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose() => _subscriptions.ForEach(s => s.Dispose());
}
