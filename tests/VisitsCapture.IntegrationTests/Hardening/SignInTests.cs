using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Hardening;

/// <summary>
/// The app with production-strength password hashing (the other tests lower it), so the cost of checking a password
/// shows in the sign-in time as it does in production.
/// </summary>
public sealed class ProductionHashingApp : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 100_000));
    }
}

public sealed class ProductionHashingFixture() : AppFixture<ProductionHashingApp>(null);

/// <summary>Issue 14 item 2: sign-in does not tell who has an account, by its words or by its time.</summary>
public sealed class SignInTests(ProductionHashingFixture fixture) : IClassFixture<ProductionHashingFixture>
{
    private const string Generic = "Enter a correct user name and password";

    private ProductionHashingApp App => fixture.App;

    [Fact]
    public async Task An_unknown_user_takes_about_as_long_as_a_real_user_with_a_wrong_password()
    {
        // Five real users, each tried four times: below the lockout, so each try is a genuine wrong-password check.
        for (var u = 0; u < 5; u++)
        {
            await App.AddUserAsync($"timing.{u}", Roles.VisitsStaff, null);
        }
        var client = App.Browser();
        var token = await client.TokenAsync("/account/login");
        await TimedSignInAsync(client, token, "warm.up", "wrong password here");
        // In pairs, one straight after the other, so a burst of load from elsewhere on the machine falls on both alike;
        // the median of the pairs' differences. On a machine busy with other builds a round can be swamped by noise
        // (single pairs then differ by hundreds of ms either way), so up to three rounds are tried: the leak this
        // guards against (a hash skipped for unknown names, about 70 ms) shows in every round, noise does not.
        var rounds = new List<string>();
        var alike = false;
        for (var round = 0; round < 3 && !alike; round++)
        {
            var differences = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                var unknown = await TimedSignInAsync(client, token, $"nobody.{round}.{i}", "wrong password here");
                var real = await TimedSignInAsync(client, token, $"timing.{i % 5}", "wrong password here");
                differences.Add(unknown - real);
            }
            var difference = Median(differences);
            rounds.Add($"{difference:F1} ms ({string.Join(", ", differences.Select(d => d.ToString("F0")))})");
            alike = Math.Abs(difference) < 10;
            // Each real user has taken 4 wrong passwords: clear the counts so the next round stays below the lockout.
            await App.WithDbAsync(async db =>
            {
                await db.Users.Where(u => u.UserName!.StartsWith("timing.")).ExecuteUpdateAsync(u => u.SetProperty(x => x.AccessFailedCount, 0));
            });
        }
        Assert.True(alike,
            "Unknown minus real user sign-in time, median of 20 pairs, in each round: " + string.Join("; ", rounds));
        Assert.Equal(0, await App.WithDbAsync(db => db.Users.CountAsync(u => u.UserName!.StartsWith("timing.") && u.LockoutEnd != null)));
    }

    [Fact]
    public async Task Disabled_and_locked_are_said_only_after_the_right_password()
    {
        var disabledId = await App.AddUserAsync("acct.off", Roles.VisitsStaff, null);
        var lockedId = await App.AddUserAsync("acct.stuck", Roles.VisitsStaff, null);
        await App.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == disabledId)).Disabled = true;
            (await db.Users.SingleAsync(u => u.Id == lockedId)).LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(15);
            await db.SaveChangesAsync();
        });
        var client = App.Browser();

        foreach (var name in new[] { "acct.off", "acct.stuck", "never.existed" })
        {
            var wrong = await client.PostFormAsync("/account/login", new() { ["UserName"] = name, ["Password"] = "not the password at all" });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            var html = await wrong.Content.ReadAsStringAsync();
            Assert.Contains(Generic, html);
            Assert.DoesNotContain("This account is", html);
        }

        Assert.Contains("This account is disabled", await (await client.PostFormAsync("/account/login",
            new() { ["UserName"] = "acct.off", ["Password"] = AppFactory.Password })).Content.ReadAsStringAsync());
        Assert.Contains("This account is locked", await (await client.PostFormAsync("/account/login",
            new() { ["UserName"] = "acct.stuck", ["Password"] = AppFactory.Password })).Content.ReadAsStringAsync());
    }

    private static async Task<double> TimedSignInAsync(HttpClient client, string token, string userName, string password)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        });
        var clock = Stopwatch.StartNew();
        var response = await client.PostAsync("/account/login", form);
        clock.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Generic, await response.Content.ReadAsStringAsync());
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}

public sealed class RateLimitedApp : AppFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Security:SignInAttemptsPerMinute", "3")];
}

public sealed class RateLimitedFixture() : AppFixture<RateLimitedApp>(null);

/// <summary>Issue 14 item 2: a client trying many sign-ins in a row is told to wait.</summary>
public sealed class SignInRateLimitTests(RateLimitedFixture fixture) : IClassFixture<RateLimitedFixture>
{
    [Fact]
    public async Task Too_many_sign_in_attempts_from_one_client_get_429_with_retry_after()
    {
        var client = fixture.App.Browser();
        var token = await client.TokenAsync("/account/login");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "someone",
                ["Password"] = "a wrong password",
                ["__RequestVerificationToken"] = token,
            }));
            statuses.Add(last.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var seconds = int.Parse(last!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 60);
        Assert.Contains("Too many attempts", await last.Content.ReadAsStringAsync());
        // Reading the sign-in page is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }
}
