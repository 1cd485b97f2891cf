using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace VisitsCapture.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseSetup
{
    /// <summary>Registers <see cref="VisitsDbContext"/> for the chosen provider, with the audit interceptor and the monthly KPI staleness marker.</summary>
    public static IServiceCollection AddVisitsDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        services.AddScoped<AuditInterceptor>();
        services.AddScoped<MonthlyKpiStaleness>();
        if (provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<VisitsDbContext, PostgresVisitsDbContext>((sp, o) =>
                UsePostgres(o, connectionString).AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<MonthlyKpiStaleness>()));
        }
        else
        {
            services.AddDbContext<VisitsDbContext, SqliteVisitsDbContext>((sp, o) =>
                UseSqlite(o, connectionString).AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<MonthlyKpiStaleness>()));
        }
        return services;
    }

    public static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder o, string connectionString)
    {
        EnsureSqliteFolder(connectionString);
        // One statement per command: Microsoft.Data.Sqlite binds every parameter of a batched command to each of its
        // statements by name, a linear search each, so a batch of many wide rows costs the square of its size (issue 13:
        // saving a month's 125 returns and their audit events).
        o.UseSqlite(connectionString, s => s.MigrationsAssembly(typeof(VisitsDbContext).Assembly.FullName).MaxBatchSize(1))
            .AddInterceptors(SqliteDurability.Instance);
        if (SqliteWriteGate.For(connectionString) is { } gate)
        {
            o.AddInterceptors(gate).ReplaceService<IRelationalTransactionFactory, SqliteWriteGate.TransactionFactory>();
        }
        return o;
    }

    public static DbContextOptionsBuilder UsePostgres(DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(connectionString, s => s.MigrationsAssembly(typeof(VisitsDbContext).Assembly.FullName));

    private static void EnsureSqliteFolder(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(file) && file != ":memory:" && folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>
    /// synchronous=FULL: a tablet deletes its outbox copy once the server acknowledges a visit, so an
    /// acknowledged commit must survive power loss (in WAL mode NORMAL may lose the last commits).
    /// </summary>
    private sealed class SqliteDurability : DbConnectionInterceptor
    {
        public static readonly SqliteDurability Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=FULL;";
            command.ExecuteNonQuery();
        }
    }
}

/// <summary>Used by `dotnet ef` to build the SQLite model for migrations.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteVisitsDbContext>
{
    public SqliteVisitsDbContext CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<SqliteVisitsDbContext>();
        DatabaseSetup.UseSqlite(o, "Data Source=design-time.db");
        return new SqliteVisitsDbContext(o.Options);
    }
}

/// <summary>Used by `dotnet ef` to build the PostgreSQL model for migrations (no connection is opened).</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresVisitsDbContext>
{
    public PostgresVisitsDbContext CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<PostgresVisitsDbContext>();
        DatabaseSetup.UsePostgres(o, "Host=localhost;Database=visitscapture_design");
        return new PostgresVisitsDbContext(o.Options);
    }
}
