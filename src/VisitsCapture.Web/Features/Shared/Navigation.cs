using System.Security.Claims;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Sessions;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Shared;

/// <summary>The service navigation, by role: each user sees the parts of the service they can use.</summary>
public static class Navigation
{
    public sealed record Item(string Text, string Href);

    public static IReadOnlyList<Item> For(ClaimsPrincipal user, string? establishment)
    {
        var items = new List<Item>();
        var grants = GrantClaims.Of(user).ToList();
        bool AtEstablishment(params string[] roles) => establishment is not null && grants.Any(g =>
            roles.Contains(g.Role) && string.Equals(g.EstablishmentCode, establishment, StringComparison.OrdinalIgnoreCase));
        var pathway = grants.Any(g => g.Role == Roles.PathwayLead);

        if (AtEstablishment(Roles.VisitsStaff, Roles.Governor))
        {
            items.Add(new("Today", $"/establishments/{establishment}/today"));
        }
        if (AtEstablishment(Roles.Governor))
        {
            items.Add(new("Timetable", $"/establishments/{establishment}/timetable"));
        }
        if (establishment is not null && (AtEstablishment(Roles.Governor) || pathway))
        {
            items.Add(new("Dashboard", $"/establishments/{establishment}/dashboard"));
            items.Add(new("Population", $"/establishments/{establishment}/population"));
            items.Add(new("Returns", $"/establishments/{establishment}/returns"));
            items.Add(new("Standards", $"/establishments/{establishment}/standards"));
            items.Add(new("Interventions", $"/establishments/{establishment}/interventions"));
        }
        if (pathway)
        {
            if (establishment is null)
            {
                items.Add(new("Population", "/population"));
            }
            items.Add(new("Family groups", "/family-groups"));
            items.Add(new("National", "/national"));
            items.Add(new("Standards", "/standards"));
            items.Add(new("Returns status", "/returns"));
            items.Add(new("What works", "/what-works"));
        }
        if (grants.Any(g => g.Role == Roles.Administrator))
        {
            items.Add(new("Admin", "/admin"));
        }
        return items;
    }
}
