using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

/// <summary>Where signing in lands (issue 10 item 6): hall staff of one establishment go straight to its Today page.</summary>
public sealed class StartPageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public async ValueTask InitializeAsync()
    {
        await _app.StartAsync();
        await _app.AddEstablishmentAsync("AAA");
        await _app.AddEstablishmentAsync("BBB");
        await _app.AddUserAsync("staff-one", Roles.VisitsStaff, "AAA");
        var twoId = await _app.AddUserAsync("staff-two", Roles.VisitsStaff, "AAA");
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitsDbContext>();
        db.RoleGrants.Add(new RoleGrant { UserId = twoId, Role = Roles.VisitsStaff, EstablishmentId = db.Establishments.Single(e => e.Code == "BBB").Id });
        await db.SaveChangesAsync();
        await _app.AddUserAsync("gov-aaa", Roles.Governor, "AAA");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpResponseMessage> SignInAsync(HttpClient client, string user) =>
        await client.PostFormAsync("/account/login", new() { ["UserName"] = user, ["Password"] = AppFactory.Password });

    [Fact]
    public async Task Staff_with_one_establishment_land_on_its_today_page_after_signing_in_and_from_the_start_page()
    {
        var client = _app.Browser();

        var signIn = await SignInAsync(client, "staff-one");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var start = await client.GetAsync(signIn.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal("/establishments/AAA/today", start.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(start.Headers.Location)).StatusCode);
    }

    [Theory]
    [InlineData("staff-two")] // two establishments: the choice stays
    [InlineData("gov-aaa")] // a governor keeps the start page with the dashboard and returns
    public async Task Everyone_else_keeps_the_start_page(string user)
    {
        var client = _app.Browser();
        await SignInAsync(client, user);

        var start = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var html = await start.Content.ReadAsStringAsync();
        Assert.Contains("/establishments/AAA/today", html);
        if (user == "staff-two")
        {
            Assert.Contains("/establishments/BBB/today", html);
        }
    }
}
