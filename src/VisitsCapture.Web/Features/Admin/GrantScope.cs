using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Features.Admin;

/// <summary>
/// Checks a role and where it applies (an establishment, a region, nationally), for a user's grant and an API
/// client alike, and returns the establishment when the scope is one.
/// </summary>
public static class GrantScope
{
    public static async Task<Establishment?> ValidateAsync(GrantForm form, VisitsDbContext db, ModelStateDictionary modelState, string prefix)
    {
        Establishment? establishment = null;
        if (!Roles.All.Contains(form.Role))
        {
            modelState.AddModelError(prefix + "Role", "Select a role");
        }
        switch (form.Scope)
        {
            case "establishment":
                establishment = await db.Establishments.FirstOrDefaultAsync(e => e.Code == (form.Establishment ?? "").ToUpperInvariant());
                if (establishment is null)
                {
                    modelState.AddModelError(prefix + "Establishment", "Enter the code of an existing establishment, for example BMI");
                }
                break;
            case "region" when string.IsNullOrWhiteSpace(form.Region) || !await db.Establishments.AnyAsync(e => e.Region == form.Region):
                modelState.AddModelError(prefix + "Region", "Select a region");
                break;
            case "region" or "national" when form.Role is Roles.VisitsStaff or Roles.Governor:
                modelState.AddModelError(prefix + "Scope", "Visits staff and governors hold their role at an establishment");
                break;
            case "region" or "national":
                break;
            default:
                modelState.AddModelError(prefix + "Scope", "Select where the role applies");
                break;
        }
        return establishment;
    }
}
