using System.Net;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Standards;

/// <summary>
/// The app on 15 June 2026 with the shipped checklists and courses (seeded as on start), two establishments in a
/// family group, and a user per role.
/// </summary>
public sealed class StandardsFixture : AppFixture<ClockedAppFactory>
{
    public StandardsFixture()
        : base(null)
    {
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await App.WithDbAsync(db => StandardsCatalogue.EnsureShippedAsync(db, DateTime.UtcNow));
        var sa = await App.AddEstablishmentAsync("SSA");
        var sb = await App.AddEstablishmentAsync("SSB", region: "North West");
        await App.AddEstablishmentAsync("SSC", region: "North West");
        await App.WithDbAsync(async db =>
        {
            var group = new FamilyGroup { Name = "Standards group", Function = "Male local" };
            db.FamilyGroups.Add(group);
            await db.SaveChangesAsync();
            db.FamilyGroupMemberships.AddRange(
                new FamilyGroupMembership { EstablishmentId = sa.Id, FamilyGroupId = group.Id, FromMonth = 202501 },
                new FamilyGroupMembership { EstablishmentId = sb.Id, FamilyGroupId = group.Id, FromMonth = 202501 });
            await db.SaveChangesAsync();
        });
        await App.AddUserAsync("gov-ssa", Roles.Governor, "SSA");
        await App.AddUserAsync("gov-ssb", Roles.Governor, "SSB");
        await App.AddUserAsync("staff-ssa", Roles.VisitsStaff, "SSA");
        await App.AddUserAsync("lead-s", Roles.PathwayLead, null);
        await App.AddUserAsync("lead-nw", Roles.PathwayLead, "R:North West");
        await App.AddUserAsync("admin-s", Roles.Administrator, null);
    }
}

/// <summary>Driving the audit pages as a browser does.</summary>
internal static class AuditSteps
{
    /// <summary>Starts an audit through the page and returns its id.</summary>
    public static async Task<int> StartAsync(HttpClient client, string code, string standard, string area = "Visits hall", string date = "2026-06-10")
    {
        var response = await client.PostFormAsync($"/establishments/{code}/standards/audits", new()
        {
            ["Start.Standard"] = standard, ["Start.Area"] = area, ["Start.AuditDate"] = date, ["Start.Auditor"] = "A. Governor",
        }, $"/establishments/{code}/standards");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Posts answers for the audit's items in checklist order (null = unanswered).</summary>
    public static async Task<HttpResponseMessage> AnswerAsync(AppFactory app, HttpClient client, string code, int id, string command, params string?[] results)
    {
        var items = await app.WithDbAsync(db => db.StandardAudits.Where(a => a.Id == id)
            .SelectMany(a => db.Set<ChecklistItem>().Where(i => i.ChecklistVersionId == a.ChecklistVersionId))
            .OrderBy(i => i.Position).Select(i => i.Id).ToListAsync());
        var fields = new Dictionary<string, string> { ["Command"] = command };
        for (var i = 0; i < items.Count; i++)
        {
            fields[$"Items[{i}].ItemId"] = items[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields[$"Items[{i}].Result"] = i < results.Length ? results[i] ?? "" : "";
            fields[$"Items[{i}].Note"] = i == 0 ? "Toys checked on the day" : "";
        }
        return await client.PostFormAsync($"/establishments/{code}/standards/audits/{id}", fields, $"/establishments/{code}/standards");
    }
}
