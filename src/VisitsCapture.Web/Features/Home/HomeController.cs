using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Core.Domain;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Home;

/// <summary>The start page: where each user goes next, by their roles and establishments.</summary>
public sealed class HomeController(EstablishmentAccess access) : Controller
{
    /// <remarks>Hall staff of one establishment only, and nothing else, land on its Today page (issue 10 item 6).</remarks>
    [HttpGet("/")]
    public async Task<IActionResult> Index()
    {
        var grants = GrantClaims.Of(User).ToList();
        var establishments = await access.ViewableAsync(User);
        if (grants.Count > 0 && grants.All(g => g.Role == Roles.VisitsStaff) && establishments.Count == 1)
        {
            return Redirect($"/establishments/{establishments[0].Code}/today");
        }
        return View(new HomeModel(grants, grants.Any(g => g.IsNationalLead) ? [] : establishments));
    }

    /// <summary>The establishment switcher: every establishment the user can view.</summary>
    [HttpGet("/establishments")]
    public async Task<IActionResult> Establishments(string? returnTo)
    {
        var list = await access.ViewableAsync(User);
        return View(new EstablishmentsModel(list, SafeReturn(returnTo)));
    }

    /// <summary>Keeps the same page (e.g. /establishments/BMI/today → /establishments/HEI/today) when switching.</summary>
    private string? SafeReturn(string? returnTo) =>
        returnTo is not null && Url.IsLocalUrl(returnTo) && returnTo.StartsWith("/establishments/", StringComparison.OrdinalIgnoreCase)
            ? string.Join('/', returnTo.Split('/').Skip(3))
            : null;
}

public sealed record HomeModel(IReadOnlyList<Grant> Grants, IReadOnlyList<Establishment> Establishments);

public sealed record EstablishmentsModel(IReadOnlyList<Establishment> Establishments, string? Page);
