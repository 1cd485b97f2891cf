using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace VisitsCapture.Core.Data;

/// <summary>
/// One writer at a time per SQLite database, queued in memory. SQLite lets one connection write at a time, and
/// Microsoft.Data.Sqlite answers SQLITE_BUSY by sleeping 150 ms and trying again (SqliteDataReader.NextResult), so
/// under load a visit waited whole sleeps for a lock that had been free for most of them (docs/performance.md). Here
/// every transaction (BEGIN IMMEDIATE: the lock is taken at the start) and every write outside one (ExecuteUpdate,
/// ExecuteDelete, raw SQL) first enters this gate, and is let in the moment the previous writer commits. Reads are
/// never gated: in WAL mode they do not wait for writers.
/// <para>
/// A writer that waits longer than <see cref="Patience"/> goes ahead ungated, and SQLite's own busy handling decides
/// as before: so a flow that writes on a second connection while its own transaction holds the gate (which SQLite
/// would refuse anyway, the first one holding the lock) fails as it did, instead of hanging. Other processes on the
/// same file (the command line) are not gated and meet the busy handling as before.
/// </para>
/// </summary>
#pragma warning disable CA1001 // One gate per database file, kept for the life of the process: its semaphore is never disposed
public sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbCommandInterceptor
#pragma warning restore CA1001
{
    /// <summary>Microsoft.Data.Sqlite's default command timeout: how long a writer waited for the lock before the gate.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);

    // Leases of transactions being started, until EF wraps them (TransactionFactory), and of single write commands.
    private static readonly ConcurrentDictionary<Guid, Lease> Pending = new();

    private static readonly Meter Meter = new("VisitsCapture.Data");
    private static readonly Histogram<double> Waited = Meter.CreateHistogram<double>("sqlite.write_gate.wait", "ms", "Time a SQLite writer waited for the write gate");
    private static readonly Histogram<double> Held = Meter.CreateHistogram<double>("sqlite.write_gate.held", "ms", "Time a SQLite writer held the write gate");

    private readonly SemaphoreSlim _semaphore = new(1, 1);

    private SqliteWriteGate()
    {
    }

    /// <summary>The gate of the database file this connection string opens; a private in-memory database needs none.</summary>
    public static SqliteWriteGate? For(string connectionString)
    {
        var sqlite = new SqliteConnectionStringBuilder(connectionString);
        if (sqlite.DataSource is "" or ":memory:" || sqlite.Mode == SqliteOpenMode.Memory)
        {
            return sqlite.Cache == SqliteCacheMode.Shared ? Gates.GetOrAdd($"memory:{sqlite.DataSource}", _ => new()) : null;
        }
        return Gates.GetOrAdd(Path.GetFullPath(sqlite.DataSource), _ => new());
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Hold(eventData.TransactionId, Enter());
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        Hold(eventData.TransactionId, await EnterAsync(cancellationToken));
        return result;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData.TransactionId);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.TransactionId);
        return Task.CompletedTask;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (command.Transaction is null)
        {
            Hold(eventData.CommandId, Enter());
        }
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (command.Transaction is null)
        {
            Hold(eventData.CommandId, await EnterAsync(cancellationToken));
        }
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Release(eventData.CommandId);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(eventData.CommandId);
        return ValueTask.FromResult(result);
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Release(eventData.CommandId);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.CommandId);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Release(eventData.CommandId);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.CommandId);
        return Task.CompletedTask;
    }

    private Lease? Enter()
    {
        var start = Stopwatch.GetTimestamp();
        var entered = _semaphore.Wait(Patience);
        Waited.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return entered ? new Lease(_semaphore) : null;
    }

    private async ValueTask<Lease?> EnterAsync(CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var entered = await _semaphore.WaitAsync(Patience, ct);
        Waited.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return entered ? new Lease(_semaphore) : null;
    }

    private static void Hold(Guid id, Lease? lease)
    {
        if (lease is not null)
        {
            Pending[id] = lease;
        }
    }

    private static void Release(Guid id)
    {
        if (Pending.TryRemove(id, out var lease))
        {
            lease.Dispose();
        }
    }

    /// <summary>The gate held by one writer; released once, however many ways the writer ends.</summary>
    private sealed class Lease(SemaphoreSlim semaphore) : IDisposable
    {
        private readonly long _since = Stopwatch.GetTimestamp();
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Held.Record(Stopwatch.GetElapsedTime(_since).TotalMilliseconds);
                semaphore.Release();
            }
        }
    }

    /// <summary>
    /// Makes EF's transactions release the gate their start entered when they commit, roll back or are disposed
    /// (disposing rolls back without any interceptor hearing of it).
    /// </summary>
    public sealed class TransactionFactory(RelationalTransactionFactoryDependencies dependencies) : RelationalTransactionFactory(dependencies)
    {
        public override RelationalTransaction Create(IRelationalConnection connection, DbTransaction transaction, Guid transactionId,
            IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned) =>
            new GatedTransaction(connection, transaction, transactionId, logger, transactionOwned, Dependencies.SqlGenerationHelper,
                Pending.TryRemove(transactionId, out var lease) ? lease : null);
    }

    private sealed class GatedTransaction(IRelationalConnection connection, DbTransaction transaction, Guid transactionId,
        IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned, ISqlGenerationHelper sql, Lease? lease)
        : RelationalTransaction(connection, transaction, transactionId, logger, transactionOwned, sql)
    {
        public override void Commit()
        {
            base.Commit();
            lease?.Dispose();
        }

        public override async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            await base.CommitAsync(cancellationToken);
            lease?.Dispose();
        }

        public override void Rollback()
        {
            base.Rollback();
            lease?.Dispose();
        }

        public override async Task RollbackAsync(CancellationToken cancellationToken = default)
        {
            await base.RollbackAsync(cancellationToken);
            lease?.Dispose();
        }

        public override void Dispose()
        {
            try
            {
                base.Dispose();
            }
            finally
            {
                lease?.Dispose();
            }
        }

        public override async ValueTask DisposeAsync()
        {
            try
            {
                await base.DisposeAsync();
            }
            finally
            {
                lease?.Dispose();
            }
        }
    }
}
