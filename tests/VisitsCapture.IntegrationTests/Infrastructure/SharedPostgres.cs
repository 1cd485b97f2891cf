using Microsoft.EntityFrameworkCore;
using Npgsql;
using VisitsCapture.Core.Data;
using VisitsCapture.IntegrationTests.Infrastructure;

[assembly: AssemblyFixture(typeof(SharedPostgres))]

namespace VisitsCapture.IntegrationTests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, started only when a test first asks for a database (a
/// run of SQLite tests alone never starts it). The migrations are applied once, to a template database; each app
/// then gets its own copy of it (CREATE DATABASE ... TEMPLATE copies files, much faster than migrating again).
/// </summary>
public sealed class SharedPostgres : IAsyncDisposable
{
    private const string Template = "vc_template";

    private readonly SemaphoreSlim _lock = new(1, 1);
    private PostgresCluster? _cluster;
    private int _databases;

    /// <summary>A connection string to a new, migrated database of its own.</summary>
    public Task<string> NewDatabaseAsync() => CreateAsync(Template);

    /// <summary>A connection string to a new database with no tables at all.</summary>
    public Task<string> EmptyDatabaseAsync() => CreateAsync("template0");

    private async Task<string> CreateAsync(string template)
    {
        await _lock.WaitAsync();
        try
        {
            _cluster ??= await StartAsync();
            var name = $"vc_{++_databases}";
            await using var connection = new NpgsqlConnection(_cluster.ConnectionString("postgres"));
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {template}", connection);
            await create.ExecuteNonQueryAsync();
            return _cluster.ConnectionString(name);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static async Task<PostgresCluster> StartAsync()
    {
        var cluster = new PostgresCluster();
        await cluster.InitializeAsync();
        var options = new DbContextOptionsBuilder<PostgresVisitsDbContext>();
        DatabaseSetup.UsePostgres(options, cluster.ConnectionString(Template));
        await using var db = new PostgresVisitsDbContext(options.Options);
        await db.Database.MigrateAsync();
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        _lock.Dispose();
    }
}

/// <summary>For tests that make two transactions meet on PostgreSQL at a known point.</summary>
public static class PostgresLocks
{
    /// <summary>Waits until a statement in the app's database is waiting for a lock another transaction holds.</summary>
    public static async Task WaitForBlockedStatementAsync(this AppFactory app)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await app.WithDbAsync(db => db.Database.SqlQueryRaw<int>(
            "SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").SingleAsync()) == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No statement came to wait for the lock.");
            }
            await Task.Delay(20);
        }
    }
}
