using System.Security.Claims;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Returns;

/// <summary>Every download of returns is written to the audit log: who took which data, when.</summary>
public static class ReturnDownloads
{
    public static async Task AuditAsync(VisitsDbContext db, TimeProvider clock, ClaimsPrincipal user, string what, string key, int? establishmentId, CancellationToken ct)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = user.FindFirst(ClaimTypes.NameIdentifier)?.Value,
            Actor = user.Identity?.Name ?? "unknown",
            Action = "Exported",
            EntityType = what,
            EntityKey = key.Length > 100 ? key[..100] : key,
            EstablishmentId = establishmentId,
        });
        await db.SaveChangesAsync(ct);
    }
}
