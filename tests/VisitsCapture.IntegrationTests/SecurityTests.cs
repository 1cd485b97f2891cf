using System.Net;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

public sealed class SecurityTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    [Fact]
    public async Task Sixth_attempt_is_locked_out_even_with_the_right_password()
    {
        await App.AddUserAsync("lockme", Roles.Administrator, null);
        var client = App.Browser();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.PostFormAsync("/account/login", new() { ["UserName"] = "lockme", ["Password"] = "not the password at all" });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        var right = await client.PostFormAsync("/account/login", new() { ["UserName"] = "lockme", ["Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_password_says_so_without_saying_which_part_was_wrong()
    {
        await App.AddUserAsync("wrongpw", Roles.Administrator, null);
        var response = await App.Browser().PostFormAsync("/account/login", new() { ["UserName"] = "wrongpw", ["Password"] = "nope nope nope nope" });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Enter a correct user name and password", html);
        Assert.Contains("govuk-error-summary", html);
    }

    /// <summary>Every POST action in the app, found from the routing table, refuses a request without the antiforgery token.</summary>
    [Fact]
    public async Task Every_post_without_an_antiforgery_token_is_refused()
    {
        await App.AddEstablishmentAsync("AFA");
        var userId = await App.AddUserAsync("everything", Roles.Administrator, null);
        await App.WithDbAsync(async db =>
        {
            db.RoleGrants.AddRange(
                new RoleGrant { UserId = userId, Role = Roles.Governor, EstablishmentId = db.Establishments.Single(e => e.Code == "AFA").Id },
                new RoleGrant { UserId = userId, Role = Roles.PathwayLead });
            await db.SaveChangesAsync();
        });
        var client = await App.SignedInAsync("everything");
        var routes = App.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<ControllerActionDescriptor>()
            .Where(a => a.ActionConstraints?.OfType<Microsoft.AspNetCore.Mvc.ActionConstraints.HttpMethodActionConstraint>()
                .Any(c => c.HttpMethods.Contains("POST")) == true)
            .Select(a => Fill(a.AttributeRouteInfo!.Template!))
            .Distinct()
            .ToList();
        Assert.NotEmpty(routes);
        foreach (var route in routes)
        {
            var response = await client.PostAsync(route, new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" }));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {route} without a token answered {(int)response.StatusCode}");
        }
    }

    private static string Fill(string template) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(template, @"\{([^}:?]+)[^}]*\}", m => m.Groups[1].Value switch
        {
            "establishment" => "AFA",
            "month" => "2025-04",
            _ => "1",
        });

    [Fact]
    public async Task Pages_carry_the_security_headers()
    {
        var response = await App.Browser().GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Sign_in_cookie_is_host_only_secure_http_only_and_strict()
    {
        await App.AddUserAsync("cookiecheck", Roles.Administrator, null);
        var client = App.Browser();
        var response = await client.PostFormAsync("/account/login", new() { ["UserName"] = "cookiecheck", ["Password"] = AppFactory.Password });
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-vc=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie);
    }

    [Fact]
    public async Task Anonymous_requests_are_sent_to_sign_in_and_admin_pages_refuse_other_roles()
    {
        var anonymous = await App.Browser().GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.OriginalString);

        await App.AddEstablishmentAsync("ADM");
        await App.AddUserAsync("notadmin", Roles.Governor, "ADM");
        var governor = await App.SignedInAsync("notadmin");
        foreach (var page in new[] { "/admin/users", "/admin/imports", "/admin/audit", "/admin/establishments", "/admin/establishments/ADM" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await governor.GetAsync(page)).StatusCode);
        }
    }

    [Fact]
    public async Task Sign_in_and_failures_are_audited()
    {
        await App.AddUserAsync("audited", Roles.Administrator, null);
        await App.Browser().PostFormAsync("/account/login", new() { ["UserName"] = "audited", ["Password"] = "wrong wrong wrong" });
        await App.SignedInAsync("audited");
        var actions = await App.WithDbAsync(db => Task.FromResult(db.AuditEvents.Where(a => a.Actor == "audited").Select(a => a.Action).ToList()));
        Assert.Contains("SignInFailed", actions);
        Assert.Contains("SignedIn", actions);
    }
}
