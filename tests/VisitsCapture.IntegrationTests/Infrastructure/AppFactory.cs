using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Tests;

namespace VisitsCapture.IntegrationTests.Infrastructure;

/// <summary>
/// The real app over HTTP, on its own SQLite file or its own PostgreSQL database (never the EF in-memory provider),
/// migrated on start.
/// Tests drive it through <see cref="HttpClient"/> and use <see cref="WithDbAsync"/> only to arrange and to check.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string Password = TestApp.Password;

    public string DatabaseFile { get; } = TestApp.NewSqliteFile("vc-test");

    /// <summary>Set to run the app on a new database of the shared PostgreSQL cluster instead of its SQLite file.</summary>
    public SharedPostgres? Postgres { get; init; }

    /// <summary>The app's PostgreSQL database, once <see cref="StartAsync"/> has made it; null on SQLite.</summary>
    public string? PostgresConnectionString { get; private set; }

    /// <summary>Extra configuration for a test class (e.g. Demo:SeedWhenEmpty).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TestApp.UseDatabase(builder, PostgresConnectionString ?? $"Data Source={DatabaseFile}", PostgresConnectionString is null ? "Sqlite" : "Postgres");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");
        builder.UseSetting("ReferenceData:Path", SharedData.Folder);
        // No background job server unless a test class turns it on (ReturnsJobTests): jobs would write to the test database.
        builder.UseSetting("Jobs:Enabled", "false");
        // Every test request comes from the same (absent) address: the sign-in rate limit is tested on its own.
        builder.UseSetting("Security:SignInAttemptsPerMinute", "100000");
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

    public Task WithDbAsync(Func<VisitsDbContext, Task> action) => TestApp.WithDbAsync(Services, async db =>
    {
        await action(db);
        return 0;
    });

    public Task<T> WithDbAsync<T>(Func<VisitsDbContext, Task<T>> action) => TestApp.WithDbAsync(Services, action);

    public Task<Establishment> AddEstablishmentAsync(string code, string region = "West Midlands", string function = "Male local",
        double latitude = 52.49, double longitude = -1.93) =>
        TestApp.AddEstablishmentAsync(Services, code, region, function, latitude, longitude);

    /// <summary>Creates an account holding one role at an establishment (code), a region ("R:name") or nationally (null).</summary>
    public Task<string> AddUserAsync(string userName, string role, string? scope) => TestApp.AddUserAsync(Services, userName, role, scope);

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
        TestApp.DeleteSqliteFiles(DatabaseFile);
    }
}
