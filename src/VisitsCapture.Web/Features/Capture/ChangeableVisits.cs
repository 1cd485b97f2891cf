using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Capture;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Capture;

/// <summary>Why a visit cannot be changed, in the order they are checked; each has one HTTP status on pages and API alike.</summary>
public enum VisitRefusal
{
    None,

    /// <summary>404: no such visit at this establishment.</summary>
    NotFound,

    /// <summary>403: staff change a visit only on its day; after that only a governor of the establishment can.</summary>
    TooLate,

    /// <summary>
    /// 409: the visit was removed. The user may change visits here, so it is not a 403; the visit's state refuses the
    /// change, as when someone else saved it first (docs/architecture.md, "A removed visit").
    /// </summary>
    Removed,
}

/// <summary>A visit loaded for a change, or why it may not be changed.</summary>
public sealed record ChangeableVisit(Visit? Visit, VisitRefusal Refusal)
{
    public const string TooLateMessage = "Only a governor can change a visit after the day it took place.";
    public const string RemovedMessage = "This visit has been removed, so it cannot be changed.";

    public int Status => Refusal switch
    {
        VisitRefusal.NotFound => StatusCodes.Status404NotFound,
        VisitRefusal.TooLate => StatusCodes.Status403Forbidden,
        VisitRefusal.Removed => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status200OK,
    };

    public string? Message => Refusal switch
    {
        VisitRefusal.TooLate => TooLateMessage,
        VisitRefusal.Removed => RemovedMessage,
        _ => null,
    };
}

/// <summary>
/// The one guard for "load a visit this user may change", used by the hall pages and the hall API. The capture policy
/// has already checked the user's grant at the establishment (<see cref="EstablishmentAccess.Current"/>).
/// </summary>
public sealed class ChangeableVisits(VisitsDbContext db, EstablishmentAccess access, VisitLog log)
{
    /// <summary>The user as the visit rules see them: their name, and whether they govern this establishment.</summary>
    public CaptureUser Who(ClaimsPrincipal user) =>
        new(user.Identity?.Name, EstablishmentAccess.Can(user, access.Current, Capability.Manage));

    /// <summary>The visit (tracked, with its session) if it is this establishment's; it need not be changeable.</summary>
    public Task<Visit?> FindAsync(int id, CancellationToken ct = default) =>
        db.Visits.Include(v => v.Session).FirstOrDefaultAsync(v => v.Id == id && v.EstablishmentId == access.Current.Id, ct);

    public bool CanChange(ClaimsPrincipal user, Visit visit) => log.CanChange(Who(user), visit.Date);

    /// <summary>The visit, tracked, when this user may change it now; otherwise why not.</summary>
    public async Task<ChangeableVisit> LoadAsync(ClaimsPrincipal user, int id, CancellationToken ct = default)
    {
        var visit = await FindAsync(id, ct);
        if (visit is null)
        {
            return new ChangeableVisit(null, VisitRefusal.NotFound);
        }
        if (!CanChange(user, visit))
        {
            return new ChangeableVisit(visit, VisitRefusal.TooLate);
        }
        return new ChangeableVisit(visit, visit.Removed ? VisitRefusal.Removed : VisitRefusal.None);
    }
}
