using System.Net;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

public sealed class AdminUsersTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    [Fact]
    public async Task An_administrator_creates_an_account_and_grants_a_role_at_an_establishment()
    {
        await App.AddEstablishmentAsync("USR");
        await App.AddUserAsync("admin-u", Roles.Administrator, null);
        var admin = await App.SignedInAsync("admin-u");

        var created = await admin.PostFormAsync("/admin/users/new", new() { ["UserName"] = "new.governor", ["Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var userPage = created.Headers.Location!.OriginalString;

        var granted = await admin.PostFormAsync(userPage + "/grants",
            new() { ["Form.Role"] = Roles.Governor, ["Form.Scope"] = "establishment", ["Form.Establishment"] = "usr" }, userPage);
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);

        var grant = await App.WithDbAsync(db => db.RoleGrants.Include(g => g.Establishment).SingleAsync(g => g.User!.UserName == "new.governor"));
        Assert.Equal(Roles.Governor, grant.Role);
        Assert.Equal("USR", grant.Establishment!.Code);
        Assert.True(await App.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.EntityType == nameof(RoleGrant) && a.Action == "Created" && a.Actor == "admin-u")));

        var governor = await App.SignedInAsync("new.governor");
        var home = await governor.GetStringAsync("/");
        Assert.Contains("HMP USR", home);
    }

    [Fact]
    public async Task Bad_account_details_are_explained_and_nothing_is_created()
    {
        await App.AddUserAsync("admin-v", Roles.Administrator, null);
        var admin = await App.SignedInAsync("admin-v");
        var response = await admin.PostFormAsync("/admin/users/new", new() { ["UserName"] = "bad name!", ["Password"] = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("User name can only contain", html);
        Assert.Contains("Password must be at least 12 characters", html);
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "bad name!")));
    }

    [Fact]
    public async Task Governors_cannot_hold_a_national_role_and_unknown_establishments_are_refused()
    {
        await App.AddUserAsync("admin-w", Roles.Administrator, null);
        var targetId = await App.AddUserAsync("target-w", Roles.VisitsStaff, null);
        var admin = await App.SignedInAsync("admin-w");
        var page = $"/admin/users/{targetId}";
        var national = await admin.PostFormAsync(page + "/grants", new() { ["Form.Role"] = Roles.Governor, ["Form.Scope"] = "national" }, page);
        Assert.Equal(HttpStatusCode.BadRequest, national.StatusCode);
        Assert.Contains("hold their role at an establishment", await national.Content.ReadAsStringAsync());
        var unknown = await admin.PostFormAsync(page + "/grants", new() { ["Form.Role"] = Roles.VisitsStaff, ["Form.Scope"] = "establishment", ["Form.Establishment"] = "ZZZ" }, page);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(1, await App.WithDbAsync(db => db.RoleGrants.CountAsync(g => g.UserId == targetId)));
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in()
    {
        await App.AddUserAsync("admin-x", Roles.Administrator, null);
        var targetId = await App.AddUserAsync("target-x", Roles.PathwayLead, null);
        var admin = await App.SignedInAsync("admin-x");
        var page = $"/admin/users/{targetId}";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(page + "/disable", new() { ["disabled"] = "true" }, page)).StatusCode);
        var response = await App.Browser().PostFormAsync("/account/login", new() { ["UserName"] = "target-x", ["Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This account is disabled", await response.Content.ReadAsStringAsync());
    }
}
