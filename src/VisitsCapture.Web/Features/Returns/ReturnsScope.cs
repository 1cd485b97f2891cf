using System.Security.Claims;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Returns;

/// <summary>Which returns a user sees across establishments: a national lead all (with the national line), others those their grants cover.</summary>
public static class ReturnsScope
{
    public static async Task<(IReadOnlyCollection<int>? Ids, bool National)> OfAsync(ClaimsPrincipal user, EstablishmentAccess access)
    {
        if (user.IsNationalLead())
        {
            return (null, true);
        }
        return ((await access.ViewableAsync(user)).Select(e => e.Id).ToList(), false);
    }
}
