using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

/// <summary>Both providers' migration sets match the model and apply to an empty database.</summary>
public sealed class MigrationTests(SharedPostgres postgres)
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes with no SQLite migration: run db/add-migration.sh");
    }

    [Fact]
    public void Postgres_migrations_match_the_model()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes with no PostgreSQL migration: run db/add-migration.sh");
    }

    [Fact]
    public async Task Postgres_migrations_apply_to_an_empty_database()
    {
        var options = new DbContextOptionsBuilder<PostgresVisitsDbContext>();
        DatabaseSetup.UsePostgres(options, await postgres.EmptyDatabaseAsync());
        await using var db = new PostgresVisitsDbContext(options.Options);
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.Establishments.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Sqlite_migrations_apply_to_an_empty_database()
    {
        var file = Path.Combine(Path.GetTempPath(), $"vc-migrate-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteVisitsDbContext>();
            DatabaseSetup.UseSqlite(options, $"Data Source={file}");
            await using var db = new SqliteVisitsDbContext(options.Options);
            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
