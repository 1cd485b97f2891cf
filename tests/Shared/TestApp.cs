using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Tests;

/// <summary>
/// What the integration and the browser tests' app factories share (this file is compiled into both projects): the
/// app's settings on a database of its own, arranging data through the app's own services, and removing the SQLite
/// file afterwards.
/// </summary>
internal static class TestApp
{
    public const string Password = "correct horse battery staple";

    public static string NewSqliteFile(string prefix) => Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.db");

    /// <summary>Production settings (as deployed) on the given database, without the demo seed.</summary>
    public static void UseDatabase(IWebHostBuilder builder, string connectionString, string provider)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:VisitsCapture", connectionString);
        builder.UseSetting("Database:Provider", provider);
        builder.UseSetting("Demo:SeedWhenEmpty", "false");
    }

    public static async Task<T> WithDbAsync<T>(IServiceProvider services, Func<VisitsDbContext, Task<T>> action)
    {
        using var scope = services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<VisitsDbContext>());
    }

    public static Task<Establishment> AddEstablishmentAsync(IServiceProvider services, string code, string region = "West Midlands",
        string function = "Male local", double latitude = 52.49, double longitude = -1.93) =>
        WithDbAsync(services, async db =>
        {
            var e = new Establishment { Code = code, Name = $"HMP {code}", Region = region, Function = function, Latitude = latitude, Longitude = longitude };
            db.Establishments.Add(e);
            await db.SaveChangesAsync();
            return e;
        });

    /// <summary>Creates an account holding one role at an establishment (code), a region ("R:name") or nationally (null); returns its id.</summary>
    public static async Task<string> AddUserAsync(IServiceProvider services, string userName, string role, string? scope)
    {
        using var s = services.CreateScope();
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

    /// <summary>Deletes a SQLite database with its write-ahead log, once the app is disposed.</summary>
    public static void DeleteSqliteFiles(string databaseFile)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { databaseFile, databaseFile + "-wal", databaseFile + "-shm" })
        {
            File.Delete(f);
        }
    }
}
