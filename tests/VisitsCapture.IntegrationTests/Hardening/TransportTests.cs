using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Hardening;

/// <summary>
/// Issue 14 items 5 and 7: plain HTTP under the production default, the Host header, the Server header and the jobs
/// dashboard's content security policy.
/// </summary>
public sealed class TransportTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    [Fact]
    public async Task Plain_http_with_https_only_says_what_to_set_instead_of_failing()
    {
        var http = App.CreateClient(new() { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });
        var response = await http.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Security:HttpsOnly", text);
        Assert.Contains("X-Forwarded-Proto", text);

        var post = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "x", ["Password"] = "y" }));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        // The container's health check runs over HTTP.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_host_not_in_allowed_hosts_is_refused_and_the_sign_in_redirect_is_relative()
    {
        var client = App.Browser();
        var forged = new HttpRequestMessage(HttpMethod.Get, "/admin/users");
        forged.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(forged)).StatusCode);

        var redirect = await client.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.False(redirect.Headers.Location!.IsAbsoluteUri, $"Location {redirect.Headers.Location} carries a host");
        Assert.StartsWith("/account/login", redirect.Headers.Location.OriginalString);
    }

    [Fact]
    public void Kestrel_sends_no_server_header()
    {
        // The tests' in-memory server never adds one; the option is what Kestrel obeys in production.
        Assert.False(App.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    [Fact]
    public async Task The_jobs_dashboard_may_use_its_inline_styles_and_scripts_and_nothing_else_may()
    {
        await App.AddUserAsync("jobs.admin", Roles.Administrator, null);
        var admin = await App.SignedInAsync("jobs.admin");
        var dashboard = await admin.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var html = await dashboard.Content.ReadAsStringAsync();
        var csp = string.Join(";", dashboard.Headers.GetValues("Content-Security-Policy"));
        // Its stylesheets and scripts come from this site and are served as such; its chart library adds a <style>
        // element at run time, which the dashboard's policy allows.
        var assets = System.Text.RegularExpressions.Regex.Matches(html, "(?:href|src)=\"(/jobs/(?:css|js)[^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.StartsWith("/jobs/css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/jobs/js", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            var response = await admin.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(asset.StartsWith("/jobs/css", StringComparison.Ordinal) ? "text/css" : "application/javascript",
                response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);

        var page = await admin.GetAsync("/admin/users");
        var pageCsp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", pageCsp);
        Assert.DoesNotContain("unsafe-inline", pageCsp);
    }
}
