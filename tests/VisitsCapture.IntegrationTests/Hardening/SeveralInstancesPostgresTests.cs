using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.IntegrationTests.Returns;
using VisitsCapture.Web.Configuration;

namespace VisitsCapture.IntegrationTests.Hardening;

/// <summary>
/// Issue 14 item 6: two app instances with job servers, started together on one PostgreSQL database. Before, one logged
/// "Error while executing install/upgrade … duplicate key" (Hangfire's schema) and both ran the month catch-up.
/// </summary>
public sealed class SeveralInstancesPostgresTests(SharedPostgres postgres)
{
    private static readonly DateTimeOffset February = new(2026, 2, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_instances_starting_together_on_an_empty_database_make_the_schema_once_without_error()
    {
        var database = await postgres.EmptyDatabaseAsync();
        var logs = new LogCapture();
        await using var a = new InstanceApp(logs) { PostgresConnectionString = database };
        await using var b = new InstanceApp(logs) { PostgresConnectionString = database };

        await Task.WhenAll(Task.Run(a.StartAsync), Task.Run(b.StartAsync));

        Assert.Empty(logs.Errors);
        var migrations = await a.WithDbAsync(db => Task.FromResult(db.Database.GetMigrations().Count()));
        Assert.Equal(migrations, await ScalarAsync(database, "SELECT count(*) FROM \"__EFMigrationsHistory\""));
        Assert.Equal(1, await ScalarAsync(database, "SELECT count(*) FROM hangfire.schema"));
    }

    [Fact]
    public async Task Two_instances_starting_together_make_the_missing_months_returns_once()
    {
        var database = await postgres.NewDatabaseAsync();
        await using (var arrange = new ArrangeApp { PostgresConnectionString = database })
        {
            await arrange.StartAsync();
            await arrange.AddEstablishmentAsync("RJA");
            await arrange.AddEstablishmentAsync("RJB");
            await arrange.AddEstablishmentAsync("RJD");
            await ReturnsData.GroupAsync(arrange, "Male locals", 202501, "RJA", "RJB");
            await ReturnsData.MonthAsync(arrange, new YearMonth(2026, 1), "RJA", "RJB");
        }
        var logs = new LogCapture();
        await using var a = new InstanceApp(logs) { PostgresConnectionString = database };
        await using var b = new InstanceApp(logs) { PostgresConnectionString = database };

        await Task.WhenAll(Task.Run(a.StartAsync), Task.Run(b.StartAsync));

        // Each instance queued a catch-up; wait for both to have run (on either server: the queue is shared).
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (logs.CatchUps.Count < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "Two catch-ups did not run: " + string.Join(" | ", logs.All));
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        Assert.Empty(logs.Errors);
        var catchUps = logs.CatchUps.ToList();
        Assert.Single(catchUps, m => m.StartsWith("Monthly returns catch-up: 2026-01: generated 3,", StringComparison.Ordinal));
        Assert.Single(catchUps, m => m.StartsWith("Monthly returns catch-up: skipped", StringComparison.Ordinal));
        var returns = await ReturnsData.ReturnsAsync(a);
        Assert.Equal(3, returns.Count);
        Assert.All(returns, r => Assert.Equal((202601, 1), (r.Month, r.Version)));
        Assert.Equal(3, returns.Select(r => r.EstablishmentId).Distinct().Count());
    }

    /// <summary>What keeps the two apart: an instance does not touch the schema while another holds the lock.</summary>
    [Fact]
    public async Task An_instance_waits_for_the_schema_lock_before_migrating()
    {
        var database = await postgres.EmptyDatabaseAsync();
        await using var holder = new NpgsqlConnection(database);
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({SchemaLock.Key})", holder))
        {
            await take.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        await using var app = new InstanceApp(new LogCapture()) { PostgresConnectionString = database };
        var start = Task.Run(app.StartAsync);

        await Task.Delay(3000, TestContext.Current.CancellationToken);
        Assert.False(start.IsCompleted);
        Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM pg_tables WHERE tablename IN ('__EFMigrationsHistory', 'schema')"));

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({SchemaLock.Key})", holder))
        {
            await release.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        await start.WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
        Assert.Equal(2, await ScalarAsync(database, "SELECT count(*) FROM pg_tables WHERE tablename IN ('__EFMigrationsHistory', 'schema')"));
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Arranges the data with no job server and no catch-up queued (it would run on the instances' servers).</summary>
    private sealed class ArrangeApp : AppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Returns:CatchUpOnStart", "false")];
    }

    /// <summary>An instance with its job server on, the catch-up at start on, and its log captured.</summary>
    private sealed class InstanceApp(LogCapture logs) : ClockedAppFactory(February)
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("Jobs:Enabled", "true"),
            new("Jobs:SchedulePollingSeconds", "1"),
            new("Returns:CatchUpOnStart", "true"),
            new("Logging:LogLevel:VisitsCapture.Web.Features.Returns", "Information"),
        ];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs));
        }
    }

    /// <summary>Every message both instances log (Warning and up, and the returns job's information).</summary>
    private sealed class LogCapture : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

        public IEnumerable<string> All => _entries.Select(e => $"{e.Level}: {e.Message}");

        /// <summary>
        /// Errors, but not EF's probe of a missing migrations history table, which it logs as a failed command on any
        /// new database (one instance alone too) before creating it.
        /// </summary>
        public IReadOnlyList<string> Errors => _entries
            .Where(e => (e.Level >= LogLevel.Error && !(e.Category == "Microsoft.EntityFrameworkCore.Database.Command" && e.Message.Contains("FROM \"__EFMigrationsHistory\"", StringComparison.Ordinal)))
                || e.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("install/upgrade", StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Message).ToList();

        public IReadOnlyList<string> CatchUps => _entries.Select(e => e.Message).Where(m => m.StartsWith("Monthly returns catch-up:", StringComparison.Ordinal)).ToList();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception.Message)));
        }
    }
}
