using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Web.Demo;

namespace VisitsCapture.Web.Configuration;

public static class DataSetup
{
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        var provider = builder.Configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = ConnectionString(builder.Configuration, builder.Environment, provider);
        builder.Services.AddVisitsDatabase(provider, connectionString);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<ICurrentActor, HttpActor>();
        return builder;
    }

    /// <summary>
    /// The configured connection string; a relative SQLite file is taken from the content root, so the app finds
    /// the same db/ folder however it is started.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration, IHostEnvironment env, DatabaseProvider provider)
    {
        var cs = configuration.GetConnectionString("VisitsCapture");
        if (provider == DatabaseProvider.Postgres)
        {
            return string.IsNullOrWhiteSpace(cs)
                ? throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:VisitsCapture is not set.")
                : cs;
        }
        var sqlite = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(cs) ? "Data Source=../../db/visitscapture.db" : cs);
        if (sqlite.DataSource != ":memory:" && !Path.IsPathRooted(sqlite.DataSource) && sqlite.Mode != SqliteOpenMode.Memory)
        {
            sqlite.DataSource = Path.GetFullPath(Path.Combine(env.ContentRootPath, sqlite.DataSource));
        }
        return sqlite.ToString();
    }

    /// <summary>
    /// Migrates the database, installs Hangfire's PostgreSQL schema and, on an empty database with Demo:SeedWhenEmpty,
    /// fills it with demo data: all under <see cref="SchemaLock"/>, so several instances starting together on one
    /// PostgreSQL database take these steps one after another (the second finds them done).
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var provider = app.Configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = ConnectionString(app.Configuration, app.Environment, provider);
        await using var schemaLock = await SchemaLock.AcquireAsync(provider, connectionString, CancellationToken.None);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitsDbContext>();
        await db.Database.MigrateAsync();
        if (provider == DatabaseProvider.Postgres)
        {
            JobsSetup.InstallPostgresSchema(connectionString);
        }
        await StandardsCatalogue.EnsureShippedAsync(db, DateTime.UtcNow);
        if (app.Configuration.GetValue<bool>("Demo:SeedWhenEmpty") && !await db.Establishments.AnyAsync())
        {
            var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider);
            try
            {
                await seeder.SeedAsync(Console.Out, CancellationToken.None);
            }
            catch (CommandLine.CommandException e)
            {
                // The app still starts, empty: the reason (e.g. no reference data folder) is printed once.
                Console.Error.WriteLine($"Demo data was not loaded: {e.Message}");
            }
        }
    }
}

/// <summary>The signed-in user as the audit log's actor; outside a request, the ambient actor (command line, job).</summary>
public sealed class HttpActor(IHttpContextAccessor http) : ICurrentActor
{
    public string? UserId => http.HttpContext?.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
    public string Name => http.HttpContext?.User.Identity?.Name ?? AmbientActor.Current ?? "system";
}

/// <summary>Names the actor of work done outside a web request, for the audit log: <c>using (AmbientActor.As("command line"))</c>.</summary>
public static class AmbientActor
{
    private static readonly AsyncLocal<string?> Name = new();

    public static string? Current => Name.Value;

    public static IDisposable As(string name)
    {
        var previous = Name.Value;
        Name.Value = name;
        return new Restore(() => Name.Value = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
