using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Security;

public enum Capability
{
    View,
    Capture,
    Manage,
}

public sealed record EstablishmentRequirement(Capability Capability) : IAuthorizationRequirement;

/// <summary>
/// Decides what a user may do at an establishment, and holds the establishment of the current request (the
/// route value "establishment" is its code), loaded once and checked by <see cref="EstablishmentAuthorizationHandler"/>.
/// </summary>
public sealed class EstablishmentAccess(VisitsDbContext db)
{
    private Establishment? _current;

    /// <summary>The establishment the request is about; only set once the policy has allowed access to it.</summary>
    public Establishment Current => _current ?? throw new InvalidOperationException("No establishment has been authorised for this request.");

    public Establishment? TryCurrent => _current;

    public static bool Can(ClaimsPrincipal user, Establishment e, Capability capability) =>
        GrantClaims.Of(user).Any(g => Allows(g, e, capability));

    private static bool Allows(Grant g, Establishment e, Capability capability)
    {
        var atThisPrison = string.Equals(g.EstablishmentCode, e.Code, StringComparison.OrdinalIgnoreCase);
        return capability switch
        {
            Capability.Manage => g.Role == Roles.Governor && atThisPrison,
            Capability.Capture => g.Role is Roles.Governor or Roles.VisitsStaff && atThisPrison,
            // Reviewing KPIs, population and returns is for the governor and the pathway (DESIGN.md roles), not hall staff.
            _ => (g.Role == Roles.Governor && atThisPrison)
                 || (g.Role == Roles.PathwayLead && (g.IsNational || string.Equals(g.Region, e.Region, StringComparison.OrdinalIgnoreCase))),
        };
    }

    public async Task<bool> AuthoriseAsync(ClaimsPrincipal user, string? code, Capability capability)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 10)
        {
            return false;
        }
        var upper = code.ToUpperInvariant();
        var e = await db.Establishments.AsNoTracking().FirstOrDefaultAsync(x => x.Code == upper);
        if (e is null || !Can(user, e, capability))
        {
            return false;
        }
        _current = e;
        return true;
    }

    /// <summary>The establishments a user can view, for the establishment switcher.</summary>
    public async Task<List<Establishment>> ViewableAsync(ClaimsPrincipal user)
    {
        var grants = GrantClaims.Of(user).ToList();
        if (grants.Any(g => g.IsNationalLead))
        {
            return await db.Establishments.AsNoTracking().OrderBy(e => e.Name).ToListAsync();
        }
        var codes = grants.Where(g => g.EstablishmentCode is not null && g.Role is Roles.Governor or Roles.VisitsStaff).Select(g => g.EstablishmentCode!).ToList();
        var regions = grants.Where(g => g.Role == Roles.PathwayLead && g.Region is not null).Select(g => g.Region!).ToList();
        return await db.Establishments.AsNoTracking()
            .Where(e => codes.Contains(e.Code) || regions.Contains(e.Region))
            .OrderBy(e => e.Name).ToListAsync();
    }
}

/// <summary>The policy handler: the route's establishment must exist and the user must hold a grant allowing the capability there.</summary>
public sealed class EstablishmentAuthorizationHandler(EstablishmentAccess access) : AuthorizationHandler<EstablishmentRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, EstablishmentRequirement requirement)
    {
        var code = context.Resource switch
        {
            HttpContext http => http.GetRouteValue("establishment") as string,
            _ => null,
        };
        if (await access.AuthoriseAsync(context.User, code, requirement.Capability))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>A signed-in user refused access gets a 403 page (or bare 403 for the API), never a redirect loop.</summary>
public sealed class ForbiddenResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
