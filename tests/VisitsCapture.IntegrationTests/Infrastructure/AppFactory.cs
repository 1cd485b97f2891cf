using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.IntegrationTests.Infrastructure;

/// <summary>
/// The real app over HTTP, on its own SQLite file or its own PostgreSQL database (never the EF in-memory provider),
/// migrated on start.
/// Tests drive it through <see cref="HttpClient"/> and use <see cref="WithDbAsync"/> only to arrange and to check.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string Password = "correct horse battery staple";

    public string DatabaseFile { get; } = Path.Combine(Path.GetTempPath(), $"vc-test-{Guid.NewGuid():N}.db");

    /// <summary>Set to run the app on a new database of the shared PostgreSQL cluster instead of its SQLite file.</summary>
    public SharedPostgres? Postgres { get; init; }

    /// <summary>The app's PostgreSQL database, once <see cref="StartAsync"/> has made it; null on SQLite.</summary>
    public string? PostgresConnectionString { get; private set; }

    /// <summary>Extra configuration for a test class (e.g. Demo:SeedWhenEmpty).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:VisitsCapture", PostgresConnectionString ?? $"Data Source={DatabaseFile}");
        builder.UseSetting("Database:Provider", PostgresConnectionString is null ? "Sqlite" : "Postgres");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");
        builder.UseSetting("Demo:SeedWhenEmpty", "false");
        builder.UseSetting("ReferenceData:Path", SharedData.Folder);
        // No background job server unless a test class turns it on (ReturnsJobTests): jobs would write to the test database.
        builder.UseSetting("Jobs:Enabled", "false");
        // Production-strength password hashing (100,000 PBKDF2 iterations) was half the CPU time of the tests, which
        // sign in hundreds of times. A hash records its own iteration count, so nothing else changes.
        builder.ConfigureServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Starts the server and migrates the database, as Program does.</summary>
    public async Task StartAsync()
    {
        if (Postgres is not null)
        {
            PostgresConnectionString ??= await Postgres.NewDatabaseAsync();
        }
        _ = Server;
        await WithDbAsync(db => db.Database.MigrateAsync());
    }

    /// <summary>A browser-like client: HTTPS (the cookies are Secure), cookies kept, redirects not followed.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    public async Task WithDbAsync(Func<VisitsDbContext, Task> action)
    {
        using var scope = Services.CreateScope();
        await action(scope.ServiceProvider.GetRequiredService<VisitsDbContext>());
    }

    public async Task<T> WithDbAsync<T>(Func<VisitsDbContext, Task<T>> action)
    {
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<VisitsDbContext>());
    }

    public async Task<Establishment> AddEstablishmentAsync(string code, string region = "West Midlands", string function = "Male local",
        double latitude = 52.49, double longitude = -1.93) =>
        await WithDbAsync(async db =>
        {
            var e = new Establishment { Code = code, Name = $"HMP {code}", Region = region, Function = function, Latitude = latitude, Longitude = longitude };
            db.Establishments.Add(e);
            await db.SaveChangesAsync();
            return e;
        });

    /// <summary>Creates an account holding one role at an establishment (code), a region ("R:name") or nationally (null).</summary>
    public async Task<string> AddUserAsync(string userName, string role, string? scope)
    {
        using var s = Services.CreateScope();
        var users = s.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = s.ServiceProvider.GetRequiredService<VisitsDbContext>();
        var user = new AppUser { UserName = userName };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        int? establishmentId = null;
        string? region = null;
        if (scope is not null && scope.StartsWith("R:", StringComparison.Ordinal))
        {
            region = scope[2..];
        }
        else if (scope is not null)
        {
            establishmentId = (await db.Establishments.SingleAsync(e => e.Code == scope)).Id;
        }
        db.RoleGrants.Add(new RoleGrant { UserId = user.Id, Role = role, EstablishmentId = establishmentId, Region = region });
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>A signed-in client for the user.</summary>
    public async Task<HttpClient> SignedInAsync(string userName)
    {
        var client = Browser();
        var response = await client.PostFormAsync("/account/login", new() { ["UserName"] = userName, ["Password"] = Password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {userName} failed: {(int)response.StatusCode}");
        }
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm" })
        {
            File.Delete(f);
        }
    }
}
