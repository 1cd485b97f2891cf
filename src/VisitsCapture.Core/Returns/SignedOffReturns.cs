using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Returns;

/// <summary>
/// Whether a change to a month's visits would revise a signed-off return. The latest version of the establishment's
/// return for the month decides: when it is signed off, the next returns run makes a revised version that goes back to
/// draft (ReturnGenerator), so the person changing the data is told first.
/// </summary>
public sealed class SignedOffReturns(VisitsDbContext db)
{
    /// <summary>The warning to show before changing a visit of that establishment and month, or null when there is none to give.</summary>
    public async Task<string?> WarningAsync(int establishmentId, DateOnly day, CancellationToken ct = default)
    {
        var month = YearMonth.Of(day);
        var latest = await db.MonthlyReturns.AsNoTracking()
            .Where(r => r.EstablishmentId == establishmentId && r.Month == month.Key)
            .OrderByDescending(r => r.Version)
            .Select(r => new { r.Status, r.Version })
            .FirstOrDefaultAsync(ct);
        return latest?.Status == ReturnStatus.SignedOff ? Message(month, latest.Version) : null;
    }

    public static string Message(YearMonth month, int version) =>
        $"The return for {month.FirstDay.ToString("MMMM yyyy", Labels.EnGb)} (version {version.ToString(Labels.EnGb)}) has been signed off. " +
        "Changing its visits makes a revised return, which goes back to draft for the governor to sign off again.";
}
