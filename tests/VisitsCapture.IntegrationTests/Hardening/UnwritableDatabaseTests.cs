using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Data;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Hardening;

/// <summary>
/// The app whose SQLite database can be made read-only while it runs (PRAGMA query_only: every write then fails with
/// SQLITE_READONLY, as on a read-only file or mount; the tests run as root, to whom file permissions mean nothing).
/// </summary>
public sealed class UnwritableApp : ClockedAppFactory
{
    public ReadOnlySwitch ReadOnly { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.ConfigureDbContext<SqliteVisitsDbContext>(o => o.AddInterceptors(ReadOnly)));
    }
}

public sealed class ReadOnlySwitch : DbConnectionInterceptor
{
    public bool On { get; set; }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ConnectionOpened(connection, eventData);
        return Task.CompletedTask;
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = On ? "PRAGMA query_only = 1;" : "PRAGMA query_only = 0;";
        command.ExecuteNonQuery();
    }
}

public sealed class UnwritableFixture() : AppFixture<UnwritableApp>(null);

/// <summary>Issue 14 item 4: a database that cannot be written is a 503 with Retry-After, and readiness says so.</summary>
public sealed class UnwritableDatabaseTests(UnwritableFixture fixture) : IClassFixture<UnwritableFixture>
{
    private UnwritableApp App => fixture.App;

    [Fact]
    public async Task A_read_only_database_is_503_for_the_api_and_a_clear_page_for_browsers_and_not_ready()
    {
        var prison = await App.PrisonAsync("ROD");
        var session = await App.SessionAsync(prison, App.Today);
        var staff = await App.SignedInAsync("staff-ROD");
        var token = await staff.ApiTokenAsync();
        var browser = App.Browser();
        var loginToken = await browser.TokenAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, (await App.Browser().GetAsync("/health/ready")).StatusCode);

        App.ReadOnly.On = true;
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var api = await staff.PostVisitAsync("ROD", Hall.Visit(session.Id), Guid.NewGuid(), token);
            await BadInputTests.AssertProblemAsync(api, 503);
            Assert.Equal("30", api.Headers.GetValues("Retry-After").Single());

            // Signing in writes an audit event: the browser gets a page that says what is wrong.
            var page = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "staff-ROD",
                ["Password"] = AppFactory.Password,
                ["__RequestVerificationToken"] = loginToken,
            }));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("cannot save changes", await page.Content.ReadAsStringAsync());
            Assert.True(page.Headers.Contains("Retry-After"));

            var ready = await App.Browser().GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        }
        finally
        {
            App.ReadOnly.On = false;
        }
        Assert.Equal(HttpStatusCode.OK, (await App.Browser().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.EstablishmentId == prison.Id)));
    }
}
