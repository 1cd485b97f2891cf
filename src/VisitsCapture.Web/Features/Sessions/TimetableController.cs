using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Sessions;
using VisitsCapture.Web.Features.Shared;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Sessions;

/// <summary>A governor's timetable: weekly session templates, one-off sessions, cancellations and generating sessions.</summary>
[Authorize(Policy = Policies.ManageEstablishment)]
[Route("establishments/{establishment}/timetable")]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class TimetableController(VisitsDbContext db, EstablishmentAccess access, Timetable timetable, SessionGenerator generator, TimeProvider clock) : Controller
{
    /// <summary>How many days of sessions the timetable page lists at a time.</summary>
    public const int DaysShown = 14;

    private Establishment Est => access.Current;

    private string Home => $"/establishments/{Est.Code}/timetable";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? from)
    {
        var today = clock.LondonToday();
        var start = IsoDate.TryParse(from, out var f) ? f : today;
        return View(await ModelAsync(start, new GenerateForm { From = Labels.Iso(today), To = Labels.Iso(today.AddDays(27)) }));
    }

    [HttpPost("generate")]
    public async Task<IActionResult> Generate(GenerateForm form, CancellationToken ct)
    {
        var from = ModelState.Date("From", form.From, "first date");
        var to = ModelState.Date("To", form.To, "last date");
        if (from is { } a && to is { } b && (b < a || b.DayNumber - a.DayNumber >= SessionGenerator.MaxDays))
        {
            ModelState.AddModelError("To", $"The last date must be on or after the first date, and at most {SessionGenerator.MaxDays} days later");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", await ModelAsync(clock.LondonToday(), form));
        }
        var added = await generator.GenerateAsync(Est.Id, from!.Value, to!.Value, ct);
        TempData["Success"] = added == 0
            ? $"No new sessions: every session from {Labels.Day(from.Value)} to {Labels.Day(to.Value)} already exists."
            : $"{added} session{(added == 1 ? "" : "s")} added from {Labels.Day(from.Value)} to {Labels.Day(to.Value)}.";
        return Redirect($"{Home}?from={Labels.Iso(from.Value)}");
    }

    [HttpGet("templates/new")]
    public IActionResult NewTemplate() => View("Template", new TemplateForm { ValidFrom = Labels.Iso(clock.LondonToday()) });

    [HttpPost("templates")]
    public async Task<IActionResult> AddTemplate(TemplateForm form)
    {
        var values = form.Read(ModelState, change: false);
        if (values is not null && await timetable.ClashAsync(Est.Id, values.Day, values.Start, values.ValidFrom, values.ValidTo) is { } clash)
        {
            ModelState.AddModelError(nameof(form.Start), clash);
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Template", form);
        }
        await timetable.AddTemplateAsync(Est.Id, values!);
        TempData["Success"] = $"Weekly session added: {values!.Day}s {Labels.Times(values.Start, values.End)}. Generate sessions to put it in the hall's days.";
        return Redirect(Home);
    }

    [HttpGet("templates/{id:int}/change")]
    public async Task<IActionResult> ChangeTemplate(int id)
    {
        var template = await FindTemplateAsync(id);
        if (template is null)
        {
            return NotFound();
        }
        ViewData["Template"] = template;
        return View("Template", TemplateForm.Of(template, clock.LondonToday().AddDays(1)));
    }

    [HttpPost("templates/{id:int}/change")]
    public async Task<IActionResult> ChangeTemplate(int id, TemplateForm form)
    {
        var template = await FindTemplateAsync(id);
        if (template is null)
        {
            return NotFound();
        }
        var values = form.Read(ModelState, change: true);
        if (values is not null && values.ValidFrom < clock.LondonToday())
        {
            ModelState.AddModelError(nameof(form.EffectiveFrom), "The change must take effect today or later: past sessions are never changed");
        }
        else if (values is not null && await timetable.ClashAsync(Est.Id, values.Day, values.Start, values.ValidFrom, values.ValidTo, except: template.Id) is { } clash)
        {
            ModelState.AddModelError(nameof(form.Start), clash);
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ViewData["Template"] = template;
            return View("Template", form);
        }
        db.Entry(template).Property(t => t.Version).OriginalValue = form.Version ?? Guid.Empty;
        try
        {
            var result = await timetable.ChangeTemplateAsync(template, values!, values!.ValidFrom);
            TempData["Success"] = $"The weekly session changes from {Labels.Day(values.ValidFrom)}." + Consequence(result);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChangedBySomeoneElse();
        }
        return Redirect(Home);
    }

    [HttpGet("templates/{id:int}/stop")]
    public async Task<IActionResult> StopTemplate(int id)
    {
        var template = await FindTemplateAsync(id);
        if (template is null)
        {
            return NotFound();
        }
        ViewData["Template"] = template;
        return View("Stop", new StopForm { From = Labels.Iso(clock.LondonToday().AddDays(1)), Version = template.Version });
    }

    [HttpPost("templates/{id:int}/stop")]
    public async Task<IActionResult> StopTemplate(int id, StopForm form)
    {
        var template = await FindTemplateAsync(id);
        if (template is null)
        {
            return NotFound();
        }
        var from = ModelState.Date(nameof(form.From), form.From, "date the session stops");
        if (from < clock.LondonToday())
        {
            ModelState.AddModelError(nameof(form.From), "The date must be today or later: past sessions are never changed");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ViewData["Template"] = template;
            return View("Stop", form);
        }
        db.Entry(template).Property(t => t.Version).OriginalValue = form.Version ?? Guid.Empty;
        try
        {
            var result = await timetable.StopTemplateAsync(template, from!.Value);
            TempData["Success"] = $"The weekly session stops from {Labels.Day(from.Value)}." + Consequence(result);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChangedBySomeoneElse();
        }
        return Redirect(Home);
    }

    [HttpGet("sessions/new")]
    public IActionResult NewSession() => View("OneOff", new SessionForm { Date = Labels.Iso(clock.LondonToday()) });

    [HttpPost("sessions")]
    public async Task<IActionResult> AddSession(SessionForm form)
    {
        var values = form.Read(ModelState);
        if (values is not null && !await timetable.AddOneOffAsync(Est.Id, values))
        {
            ModelState.AddModelError(nameof(form.Start), "There is already a session starting at that time on that date");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("OneOff", form);
        }
        TempData["Success"] = $"One-off session added: {Labels.Day(values!.Date)}, {Labels.Times(values.Start, values.End)}.";
        return Redirect($"{Home}?from={Labels.Iso(values.Date)}");
    }

    [HttpGet("sessions/{id:int}/cancel")]
    public async Task<IActionResult> CancelSession(int id)
    {
        var session = await FindSessionAsync(id);
        if (session is null)
        {
            return NotFound();
        }
        ViewData["Session"] = session;
        return View("Cancel", new CancelForm { Version = session.Version });
    }

    [HttpPost("sessions/{id:int}/cancel")]
    public async Task<IActionResult> CancelSession(int id, CancelForm form)
    {
        var session = await FindSessionAsync(id);
        if (session is null)
        {
            return NotFound();
        }
        if (session.IsCancelled)
        {
            ModelState.AddModelError("", "This session is already cancelled");
        }
        var reason = ModelState.Text(nameof(form.Reason), form.Reason, "reason for cancelling the session", 500);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ViewData["Session"] = session;
            return View("Cancel", form);
        }
        db.Entry(session).Property(s => s.Version).OriginalValue = form.Version ?? Guid.Empty;
        try
        {
            var visits = await timetable.CancelSessionAsync(session, reason!);
            TempData["Success"] = $"Session cancelled: {Labels.Day(session.Date)}, {Labels.Times(session.Start, session.End)}."
                + (visits == 0 ? "" : $" {visits} booked visit{(visits == 1 ? " was" : "s were")} marked as cancelled by the establishment.");
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChangedBySomeoneElse();
        }
        return Redirect($"{Home}?from={Labels.Iso(session.Date)}");
    }

    private Task<SessionTemplate?> FindTemplateAsync(int id) =>
        db.SessionTemplates.FirstOrDefaultAsync(t => t.Id == id && t.EstablishmentId == Est.Id);

    private Task<Session?> FindSessionAsync(int id) =>
        db.Sessions.FirstOrDefaultAsync(s => s.Id == id && s.EstablishmentId == Est.Id);

    private IActionResult ChangedBySomeoneElse()
    {
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Conflict", Home);
    }

    private static string Consequence(TimetableChange r) =>
        (r.Replaced == 0 ? "" : $" {r.Replaced} planned session{(r.Replaced == 1 ? " was" : "s were")} made again from the new timetable.")
        + (r.KeptWithVisits == 0 ? "" : $" {r.KeptWithVisits} session{(r.KeptWithVisits == 1 ? " has" : "s have")} visits recorded and {(r.KeptWithVisits == 1 ? "was" : "were")} kept as {(r.KeptWithVisits == 1 ? "it was" : "they were")}.");

    private async Task<TimetableModel> ModelAsync(DateOnly from, GenerateForm generate)
    {
        var today = clock.LondonToday();
        var to = from.AddDays(DaysShown - 1);
        var templates = await db.SessionTemplates.AsNoTracking()
            .Where(t => t.EstablishmentId == Est.Id)
            .OrderBy(t => t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek).ThenBy(t => t.Start).ThenBy(t => t.ValidFrom)
            .ToListAsync();
        var sessions = await db.Sessions.AsNoTracking()
            .Where(s => s.EstablishmentId == Est.Id && s.Date >= from && s.Date <= to)
            .OrderBy(s => s.Date).ThenBy(s => s.Start)
            .Select(s => new SessionRow(s.Id, s.Date, s.Start, s.End, s.Type, s.CapacityVisits, s.CapacityVisitors, s.Status, s.CancellationReason, s.OneOff,
                s.Visits.Count(v => !v.Removed)))
            .ToListAsync();
        return new TimetableModel(Est.Code, today, from, to,
            templates.Where(t => t.ValidTo is null || t.ValidTo >= today).ToList(),
            templates.Where(t => t.ValidTo < today).ToList(),
            sessions, generate);
    }
}

public sealed record TimetableModel(string Code, DateOnly Today, DateOnly From, DateOnly To, IReadOnlyList<SessionTemplate> Current,
    IReadOnlyList<SessionTemplate> Ended, IReadOnlyList<SessionRow> Sessions, GenerateForm Generate);

public sealed record SessionRow(int Id, DateOnly Date, TimeOnly Start, TimeOnly End, SessionType Type, int CapacityVisits, int CapacityVisitors,
    SessionStatus Status, string? CancellationReason, bool OneOff, int Visits);
