using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Admin;

/// <summary>The audit log: every change and sign-in, newest first, filterable by what changed.</summary>
[Authorize(Policy = Policies.Administrator)]
[Route("admin/audit")]
public sealed class AuditController(VisitsDbContext db) : Controller
{
    public const int PageSize = 100;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? entity, long? before)
    {
        var query = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(entity))
        {
            query = query.Where(a => a.EntityType == entity);
        }
        if (before is not null)
        {
            query = query.Where(a => a.Id < before);
        }
        var events = await query.OrderByDescending(a => a.Id).Take(PageSize).ToListAsync();
        var types = await db.AuditEvents.Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync();
        return View("Audit", new AuditModel(events, types, entity));
    }
}

public sealed record AuditModel(IReadOnlyList<Core.Domain.AuditEvent> Events, IReadOnlyList<string> EntityTypes, string? Entity);
