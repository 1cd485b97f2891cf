using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Admin;

/// <summary>
/// The audit log: every change and sign-in, newest first, filtered by who, which establishment, what kind of record,
/// what was done and when, 50 a page, each event's before and after shown field by field.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
[Route("admin/audit")]
public sealed class AuditController(VisitsDbContext db) : Controller
{
    public const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AuditFilter filter, CancellationToken ct)
    {
        var query = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            query = query.Where(a => a.Actor == filter.User.Trim());
        }
        if (!string.IsNullOrWhiteSpace(filter.Establishment))
        {
            var code = filter.Establishment.Trim().ToUpperInvariant();
            var id = await db.Establishments.Where(e => e.Code == code).Select(e => (int?)e.Id).FirstOrDefaultAsync(ct);
            if (id is null)
            {
                ModelState.AddModelError(nameof(filter.Establishment), $"There is no establishment with the code {code}");
            }
            query = query.Where(a => a.EstablishmentId == id);
        }
        if (!string.IsNullOrWhiteSpace(filter.Entity))
        {
            query = query.Where(a => a.EntityType == filter.Entity);
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(a => a.Action == filter.Action);
        }
        if (Date(filter.From, nameof(filter.From), "from") is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.At >= start);
        }
        if (Date(filter.To, nameof(filter.To), "to") is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.At < end);
        }

        var entities = await db.AuditEvents.Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
        var actions = await db.AuditEvents.Select(a => a.Action).Distinct().OrderBy(t => t).ToListAsync(ct);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Audit", new AuditModel(filter, [], 0, 1, 1, entities, actions, new Dictionary<int, string>()));
        }
        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page ?? 1, 1, pages);
        var events = await query.OrderByDescending(a => a.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var ids = events.Select(e => e.EstablishmentId).OfType<int>().Distinct().ToList();
        var codes = await db.Establishments.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Code, ct);
        return View("Audit", new AuditModel(filter, events, total, page, pages, entities, actions, codes));
    }

    /// <summary>A YYYY-MM-DD date, or null (none given, or an error added for the field).</summary>
    private DateOnly? Date(string? text, string field, string label)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is > 1900 and < 9999)
        {
            return date;
        }
        ModelState.AddModelError(field, $"Enter the {label} date in the form YYYY-MM-DD, for example 2026-04-01");
        return null;
    }
}

/// <summary>The audit log's filters, all optional, as they are in the page's address.</summary>
public sealed class AuditFilter
{
    public string? User { get; set; }
    public string? Establishment { get; set; }
    public string? Entity { get; set; }
    public string? Action { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public int? Page { get; set; }

    /// <summary>The address of another page with the same filters.</summary>
    public string Link(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["user"] = User, ["establishment"] = Establishment, ["entity"] = Entity, ["action"] = Action, ["from"] = From, ["to"] = To,
        ["page"] = page.ToString(CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrWhiteSpace(p.Value))).ToUriComponent();
}

public sealed record AuditModel(AuditFilter Filter, IReadOnlyList<AuditEvent> Events, int Total, int Page, int Pages,
    IReadOnlyList<string> EntityTypes, IReadOnlyList<string> Actions, IReadOnlyDictionary<int, string> EstablishmentCodes);
