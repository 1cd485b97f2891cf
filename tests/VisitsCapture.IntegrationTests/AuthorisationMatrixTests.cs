using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

/// <summary>
/// For every establishment-scoped route in the app (found from the routing table, so new pages are covered
/// automatically), a user of one prison asking for another prison's page is refused with 403 or 404.
/// </summary>
public sealed class AuthorisationMatrixTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    public static IEnumerable<string> EstablishmentRoutes(IServiceProvider services, string method) =>
        services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<ControllerActionDescriptor>()
            .Where(a => a.AttributeRouteInfo?.Template?.Contains("{establishment}", StringComparison.Ordinal) == true)
            .Where(a => a.ActionConstraints?.OfType<Microsoft.AspNetCore.Mvc.ActionConstraints.HttpMethodActionConstraint>()
                .Any(c => c.HttpMethods.Contains(method)) == true)
            .Select(a => a.AttributeRouteInfo!.Template!)
            .Distinct();

    private static string Fill(string template, string establishment) =>
        "/" + Regex.Replace(template, @"\{([^}:?]+)[^}]*\}", m => m.Groups[1].Value switch
        {
            "establishment" => establishment,
            "month" => "2025-04",
            "quarter" => "2025-Q1",
            _ => "1",
        });

    [Fact]
    public async Task Staff_and_governors_of_one_prison_cannot_reach_another_prisons_pages_or_api()
    {
        await App.AddEstablishmentAsync("AAA");
        await App.AddEstablishmentAsync("BBB", region: "Wales");
        await App.AddUserAsync("gov-aaa", Roles.Governor, "AAA");
        await App.AddUserAsync("staff-aaa", Roles.VisitsStaff, "AAA");
        await App.AddUserAsync("pl-wales", Roles.PathwayLead, "R:West Midlands");
        var gets = EstablishmentRoutes(App.Services, "GET").ToList();
        var posts = EstablishmentRoutes(App.Services, "POST").ToList();
        Assert.NotEmpty(gets);

        foreach (var user in new[] { "gov-aaa", "staff-aaa", "pl-wales" })
        {
            var client = await App.SignedInAsync(user);
            foreach (var route in gets)
            {
                var response = await client.GetAsync(Fill(route, "BBB"));
                Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                    $"{user} GET {Fill(route, "BBB")} answered {(int)response.StatusCode}");
            }
            foreach (var route in posts)
            {
                // A valid token for the user's own session: the refusal must come from authorisation, not antiforgery.
                var token = await client.TokenAsync("/establishments");
                var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
                var response = await client.PostAsync(Fill(route, "BBB"), content);
                Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                    $"{user} POST {Fill(route, "BBB")} answered {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task Hall_staff_use_the_hall_pages_but_do_not_review_kpis_population_or_returns()
    {
        await App.AddEstablishmentAsync("HST");
        await App.AddUserAsync("staff-hst", Roles.VisitsStaff, "HST");
        var staff = await App.SignedInAsync("staff-hst");
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/establishments/HST/today")).StatusCode);
        foreach (var page in new[] { "dashboard", "population", "returns" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/establishments/HST/{page}")).StatusCode);
        }
    }
}
