using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Security;

/// <summary>A role held at an establishment (by code), a region, or nationally, as carried in the sign-in cookie.</summary>
public sealed record Grant(string Role, string? EstablishmentCode, string? Region)
{
    public bool IsNational => EstablishmentCode is null && Region is null;

    /// <summary>A pathway lead for every establishment: national views and roll-ups, no establishment list to pick from.</summary>
    public bool IsNationalLead => Role == Roles.PathwayLead && IsNational;
}

/// <summary>Grants travel as claims "vc:grant" = "Role|E:BMI", "Role|R:Wales" or "Role|N".</summary>
public static class GrantClaims
{
    public const string Type = "vc:grant";

    public static string Value(Grant g) =>
        g.EstablishmentCode is not null ? $"{g.Role}|E:{g.EstablishmentCode}"
        : g.Region is not null ? $"{g.Role}|R:{g.Region}"
        : $"{g.Role}|N";

    public static IEnumerable<Grant> Of(ClaimsPrincipal user)
    {
        foreach (var claim in user.FindAll(Type))
        {
            var parts = claim.Value.Split('|', 2);
            if (parts.Length != 2)
            {
                continue;
            }
            var scope = parts[1];
            yield return scope.StartsWith("E:", StringComparison.Ordinal) ? new Grant(parts[0], scope[2..], null)
                : scope.StartsWith("R:", StringComparison.Ordinal) ? new Grant(parts[0], null, scope[2..])
                : new Grant(parts[0], null, null);
        }
    }

    public static bool HasRole(this ClaimsPrincipal user, string role) => Of(user).Any(g => g.Role == role);

    public static bool IsNationalLead(this ClaimsPrincipal user) => Of(user).Any(g => g.IsNationalLead);
}

/// <summary>Adds the user's role grants to the sign-in cookie (and ASP.NET roles, for [Authorize(Roles)]).</summary>
public sealed class GrantClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, VisitsDbContext db)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var grants = await db.RoleGrants.AsNoTracking().Where(g => g.UserId == user.Id)
            .Select(g => new Grant(g.Role, g.Establishment != null ? g.Establishment.Code : null, g.Region))
            .ToListAsync();
        foreach (var g in grants)
        {
            identity.AddClaim(new Claim(GrantClaims.Type, GrantClaims.Value(g)));
        }
        foreach (var role in grants.Select(g => g.Role).Distinct())
        {
            identity.AddClaim(new Claim(identity.RoleClaimType, role));
        }
        return identity;
    }
}
