using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.Web.Demo;

namespace VisitsCapture.IntegrationTests.Demo;

/// <summary>
/// Every GET route of the app, taken from its endpoint data sources (so a new page is included without editing this
/// test), opened with the demo's data as each demo user: no page answers 5xx. A role without access gets 403 or 404.
/// </summary>
public sealed partial class EveryPageTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private DemoAppFactory App => fixture.App;

    [Fact]
    public async Task Every_page_opens_as_every_demo_user_without_a_server_error()
    {
        var values = await RouteValuesAsync();
        var routes = App.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } m || m.HttpMethods.Contains("GET"))
            .Select(e => Fill(e.RoutePattern.RawText!, values))
            .Distinct()
            .Order()
            .ToList();
        Assert.Contains("/admin/establishments", routes);
        Assert.Contains("/admin/establishments/BMI", routes);

        var failures = new List<string>();
        foreach (var user in DemoSeeder.DemoUsers)
        {
            var client = App.Browser();
            var signIn = await client.PostFormAsync("/account/login", new() { ["UserName"] = user.UserName, ["Password"] = DemoSeeder.Password });
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            foreach (var route in routes)
            {
                var response = await client.GetAsync(route);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{user.UserName} GET {route}: {(int)response.StatusCode}");
                }
            }
        }
        Assert.Empty(failures);

        // Defect 6: the administrator's establishment list opened with the demo's family groups.
        var admin = App.Browser();
        await admin.PostFormAsync("/account/login", new() { ["UserName"] = "admin", ["Password"] = DemoSeeder.Password });
        var list = await admin.GetAsync("/admin/establishments");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var bmiGroup = values["group"];
        Assert.Contains(WebUtility.HtmlEncode(Uri.UnescapeDataString(bmiGroup)), await list.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"\{\*{0,2}([^}:?=]+)[^}]*\}")]
    private static partial Regex Parameter();

    /// <summary>The route with each parameter filled from the demo; a parameter this test does not know fails it, so it is never skipped.</summary>
    private static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var path = "/" + template.TrimStart('/');
        return Parameter().Replace(path, m =>
        {
            var name = m.Groups[1].Value;
            // An id is known by the segment before it: /visits/{id}, /templates/{id}, /users/{id} ...
            var before = path[..m.Index].TrimEnd('/');
            var segment = before[(before.LastIndexOf('/') + 1)..];
            return values.TryGetValue(name + ":" + segment, out var value) || values.TryGetValue(name, out value) ? value : throw new InvalidOperationException($"No demo value for {{{name}}} in {template}");
        });
    }

    private Task<Dictionary<string, string>> RouteValuesAsync() => App.WithDbAsync(async db =>
    {
        var bmi = await db.Establishments.SingleAsync(e => e.Code == "BMI");
        var month = await db.Visits.MaxAsync(v => v.Month);
        var group = await db.FamilyGroupMemberships.Where(m => m.EstablishmentId == bmi.Id).OrderByDescending(m => m.FromMonth)
            .Select(m => m.FamilyGroup!.Name).FirstAsync();
        var visit = await db.Visits.Where(v => v.EstablishmentId == bmi.Id).OrderByDescending(v => v.Id).Select(v => v.Id).FirstAsync();
        var template = await db.SessionTemplates.Where(t => t.EstablishmentId == bmi.Id).Select(t => t.Id).FirstAsync();
        var session = await db.Sessions.Where(s => s.EstablishmentId == bmi.Id).OrderByDescending(s => s.Id).Select(s => s.Id).FirstAsync();
        var target = await db.Targets.Select(t => (int?)t.Id).FirstOrDefaultAsync() ?? 1;
        var import = await db.ImportRuns.Select(r => r.Id).FirstAsync();
        var user = await db.Users.Where(u => u.UserName == "staff.bmi").Select(u => u.Id).SingleAsync();
        var course = await db.Courses.Select(c => c.Id).FirstAsync();
        var audit = await db.StandardAudits.Where(a => a.EstablishmentId == bmi.Id).Select(a => a.Id).FirstAsync();
        var standard = await db.Standards.Select(s => s.Code).FirstAsync();
        var intervention = await db.Interventions.Where(i => i.EstablishmentId == bmi.Id).Select(i => i.Id).FirstAsync();
        return new Dictionary<string, string>
        {
            ["establishment"] = "BMI",
            ["code"] = "BMI",
            ["code:error"] = "404",
            ["month"] = YearMonth.FromKey(month).ToString(),
            ["quarter"] = FinancialQuarter.Of(YearMonth.FromKey(month)).ToString(),
            ["name"] = Uri.EscapeDataString(group),
            ["group"] = Uri.EscapeDataString(group),
            ["id:visits"] = visit.ToString(),
            ["id:templates"] = template.ToString(),
            ["id:sessions"] = session.ToString(),
            ["id:targets"] = target.ToString(),
            ["id:import"] = import.ToString(),
            ["id:imports"] = Guid.Empty.ToString(),
            ["id:courses"] = course.ToString(),
            ["id:audits"] = audit.ToString(),
            ["code:standards"] = standard,
            ["id:interventions"] = intervention.ToString(),
            ["period"] = YearMonth.FromKey(month).ToString(),
            ["format"] = "xlsx", // a return's download: the CSV is the same action

            ["id:users"] = user,
            ["documentName"] = "v1",
            ["path"] = "",
        };
    });
}
