using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Capture;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Returns;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Capture;

/// <summary>
/// The visits hall screen: the day's sessions, logging a visit in a few taps, outcomes, corrections. Works without
/// JavaScript (plain forms); with it, hall.js adds steppers and sends new visits through the offline outbox.
/// </summary>
[Authorize(Policy = Policies.CaptureVisits)]
[Route("establishments/{establishment}")]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class HallController(VisitsDbContext db, EstablishmentAccess access, HallDay hall, VisitLog log, ChangeableVisits visits,
    SignedOffReturns returns, TimeProvider clock) : Controller
{
    private Establishment Est => access.Current;

    private bool IsGovernor => visits.Who(User).IsGovernor;

    [HttpGet("today")]
    public async Task<IActionResult> Today(string? date, int? logged, string? find)
    {
        var day = Day(date);
        if (day is null)
        {
            return NotFound();
        }
        if (day != clock.LondonToday() && !IsGovernor)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var model = await hall.LoadAsync(Est, day.Value);
        var form = VisitForm.New(model.Current(clock.LondonTimeOfDay())?.Id);
        return View("Today", await TodayPageAsync(model, form, await LoggedAsync(logged), find));
    }

    [HttpPost("today/visits")]
    public async Task<IActionResult> Log(VisitForm form)
    {
        var (sessionId, values) = form.Read(ModelState);
        var session = sessionId is null ? null : await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.EstablishmentId == Est.Id);
        if (session is not null)
        {
            form.RequireConfirmation(await returns.WarningAsync(Est.Id, session.Date), ModelState);
        }
        if (form.ClientId is null || form.ClientId == Guid.Empty)
        {
            form.ClientId = Guid.NewGuid();
        }
        CreateResult? result = null;
        if (ModelState.IsValid)
        {
            result = await log.CreateAsync(visits.Who(User), Est, form.ClientId.Value, sessionId!.Value, values!, fromDevice: false);
            if (result.Status == CreateStatus.Invalid)
            {
                ModelState.AddModelError(result.Field!, result.Error!);
            }
            else if (result.Status == CreateStatus.Conflict)
            {
                // The form was already used for a different visit (e.g. resubmitted after editing): treat it as new.
                form.ClientId = Guid.NewGuid();
                result = await log.CreateAsync(visits.Who(User), Est, form.ClientId.Value, sessionId.Value, values!, fromDevice: false);
            }
        }
        if (!ModelState.IsValid || result?.Visit is null)
        {
            var date = session is not null && (session.Date == clock.LondonToday() || IsGovernor) ? session.Date : clock.LondonToday();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Today", await TodayPageAsync(await hall.LoadAsync(Est, date), form, null, null));
        }
        return Redirect(TodayUrl(result.Visit.Date, result.Visit.Id));
    }

    /// <summary>
    /// The hall screen's offline shell: layout and the log-a-visit form with no sessions or visits in it, so it holds no
    /// personal data and the service worker may keep it. hall.js fills in the sessions saved at the last online load.
    /// </summary>
    [HttpGet("capture-shell")]
    [CacheableShell]
    public IActionResult Shell() => View("Shell", new ShellPage(Est.Code,
        new VisitFormView(VisitForm.New(null), $"/establishments/{Est.Code}/today/visits", [], IsCorrection: false, ShowTimes: false, null)));

    [HttpGet("visits/{id:int}")]
    public async Task<IActionResult> Visit(int id)
    {
        var visit = await visits.FindAsync(id);
        if (visit is null)
        {
            return NotFound();
        }
        return View("Visit", new VisitPage(visit, visit.Session!, visits.CanChange(User, visit), visit.Date == clock.LondonToday(),
            await log.WarningsAsync(visit), null, await returns.WarningAsync(Est.Id, visit.Date)));
    }

    [HttpPost("visits/{id:int}/outcome")]
    /// <param name="back">"today": the quick buttons in the day's list go back to the list, not to the visit.</param>
    public async Task<IActionResult> Outcome(int id, string? outcome, Guid? version, string? back)
    {
        var loaded = await visits.LoadAsync(User, id);
        if (Refused(loaded) is { } refused)
        {
            return refused;
        }
        var visit = loaded.Visit!;
        if (await SignedOffAsync(visit) is { } signedOff)
        {
            return signedOff;
        }
        if (!VisitRules.TryOutcome(outcome, out var value))
        {
            ModelState.AddModelError("outcome", "Select what happened to the visit");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Visit", new VisitPage(visit, visit.Session!, true, visit.Date == clock.LondonToday(), [], null, null));
        }
        return await SavedAsync(visit, () => log.SetOutcomeAsync(visit, value, null, version ?? Guid.Empty), $"{visit.Prisoner}: {Labels.Of(value)}.", back);
    }

    [HttpPost("visits/{id:int}/end")]
    public async Task<IActionResult> End(int id, Guid? version, string? back)
    {
        var loaded = await visits.LoadAsync(User, id);
        if (Refused(loaded) is { } refused)
        {
            return refused;
        }
        var visit = loaded.Visit!;
        if (visit.Date != clock.LondonToday())
        {
            // Ending stamps the time now: only on the visit's own day.
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        if (await SignedOffAsync(visit) is { } signedOff)
        {
            return signedOff;
        }
        return await SavedAsync(visit, () => log.EndAsync(visit, null, version ?? Guid.Empty), $"{visit.Prisoner}: end time recorded.", back);
    }

    [HttpGet("visits/{id:int}/edit")]
    public async Task<IActionResult> Edit(int id)
    {
        var loaded = await visits.LoadAsync(User, id);
        if (Refused(loaded) is { } refused)
        {
            return refused;
        }
        var visit = loaded.Visit!;
        return View("Edit", await EditPageAsync(visit, VisitForm.Of(visit)));
    }

    [HttpPost("visits/{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, VisitForm form)
    {
        var loaded = await visits.LoadAsync(User, id);
        if (Refused(loaded) is { } refused)
        {
            return refused;
        }
        var visit = loaded.Visit!;
        var (sessionId, values) = form.Read(ModelState);
        form.RequireConfirmation(await returns.WarningAsync(Est.Id, visit.Date), ModelState);
        if (ModelState.IsValid)
        {
            try
            {
                var error = await log.CorrectAsync(visit, Est, sessionId!.Value, values!, form.Version ?? Guid.Empty, visits.Who(User));
                if (error is null)
                {
                    TempData["Success"] = "Visit corrected.";
                    return Redirect($"/establishments/{Est.Code}/visits/{visit.Id}");
                }
                ModelState.AddModelError(nameof(form.SessionId), error);
            }
            catch (DbUpdateConcurrencyException)
            {
                return await ConflictAsync(visit.Id);
            }
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Edit", await EditPageAsync(visit, form));
    }

    [HttpGet("visits/{id:int}/remove")]
    public async Task<IActionResult> Remove(int id)
    {
        var loaded = await visits.LoadAsync(User, id);
        if (Refused(loaded) is { } refused)
        {
            return refused;
        }
        var visit = loaded.Visit!;
        return View("Remove", new RemovePage(visit, await returns.WarningAsync(Est.Id, visit.Date)));
    }

    [HttpPost("visits/{id:int}/remove")]
    public async Task<IActionResult> Remove(int id, Guid? version, string? confirmRevision)
    {
        var loaded = await visits.LoadAsync(User, id);
        if (Refused(loaded) is { } refused)
        {
            return refused;
        }
        var visit = loaded.Visit!;
        var warning = await returns.WarningAsync(Est.Id, visit.Date);
        if (warning is not null && !VisitForm.Confirms(confirmRevision))
        {
            ModelState.AddModelError("ConfirmRevision", "Confirm that the signed-off return will be revised, or keep the visit");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Remove", new RemovePage(visit, warning));
        }
        try
        {
            await log.RemoveAsync(visit, version ?? Guid.Empty);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(visit.Id);
        }
        TempData["Success"] = $"The visit for {visit.Prisoner} was removed.";
        return Redirect(TodayUrl(visit.Date, null));
    }

    private async Task<IActionResult> SavedAsync(Visit visit, Func<Task> save, string message, string? back = null)
    {
        try
        {
            await save();
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(visit.Id);
        }
        TempData["Success"] = message;
        return Redirect(back == "today" ? TodayUrl(visit.Date, null) + $"#visit-{visit.Id.ToString(CultureInfo.InvariantCulture)}" : $"/establishments/{Est.Code}/visits/{visit.Id}");
    }

    /// <summary>
    /// The one-tap buttons carry no confirmation: a visit of a signed-off month is changed through the correction form,
    /// which asks for it (400 with the visit and the reason).
    /// </summary>
    private async Task<IActionResult?> SignedOffAsync(Visit visit)
    {
        var warning = await returns.WarningAsync(Est.Id, visit.Date);
        if (warning is null)
        {
            return null;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Visit", new VisitPage(visit, visit.Session!, visits.CanChange(User, visit), visit.Date == clock.LondonToday(), [],
            "This month's return has been signed off: change the visit with \"Correct the details or times\", which asks you to confirm the revision.", warning));
    }

    /// <summary>Someone else saved the visit first: show the visit as it is now and say so (HTTP 409).</summary>
    private async Task<IActionResult> ConflictAsync(int id)
    {
        db.ChangeTracker.Clear();
        var current = (await visits.FindAsync(id))!;
        return VisitConflict(current,
            "This visit was changed by someone else while you were looking at it, so your change was not saved. Check the details below and try again.");
    }

    /// <summary>The guard's answer as a page: 404, 403, or the visit with the reason (409); null when the change may go ahead.</summary>
    private IActionResult? Refused(ChangeableVisit loaded) => loaded.Refusal switch
    {
        VisitRefusal.None => null,
        VisitRefusal.NotFound => NotFound(),
        VisitRefusal.Removed => VisitConflict(loaded.Visit!, loaded.Message!),
        _ => StatusCode(loaded.Status),
    };

    private ViewResult VisitConflict(Visit current, string message)
    {
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Visit", new VisitPage(current, current.Session!, visits.CanChange(User, current), current.Date == clock.LondonToday(), [], message, null));
    }

    private async Task<EditPage> EditPageAsync(Visit visit, VisitForm form)
    {
        var sessions = await hall.SessionsAsync(Est, visit.Date);
        var options = sessions.Where(s => !s.IsCancelled || s.Id == visit.SessionId).Select(s => KeyValuePair.Create(s.Id.ToString(CultureInfo.InvariantCulture), s.Label)).ToList();
        var view = new VisitFormView(form, $"/establishments/{Est.Code}/visits/{visit.Id}/edit", options, IsCorrection: true, ShowTimes: true,
            await returns.WarningAsync(Est.Id, visit.Date));
        return new EditPage(visit, view);
    }

    private async Task<TodayPage> TodayPageAsync(HallDayModel day, VisitForm form, LoggedVisit? logged, string? find)
    {
        var options = day.Sessions.Where(s => !s.IsCancelled)
            .Select(s => KeyValuePair.Create(s.Id.ToString(CultureInfo.InvariantCulture), s.Label + (s.Full ? " (full)" : ""))).ToList();
        var view = new VisitFormView(form, $"/establishments/{Est.Code}/today/visits", options, IsCorrection: false, ShowTimes: !day.IsToday,
            await returns.WarningAsync(Est.Id, day.Date));
        return new TodayPage(day, view, logged, string.IsNullOrWhiteSpace(find) ? null : find.Trim());
    }

    private async Task<LoggedVisit?> LoggedAsync(int? id)
    {
        if (id is null)
        {
            return null;
        }
        var visit = await db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && v.EstablishmentId == Est.Id && !v.Removed);
        return visit is null ? null : new LoggedVisit(visit.Prisoner, visit.Outcome, visit.NeedsReview, visit.ReviewReason, await log.WarningsAsync(visit));
    }

    private DateOnly? Day(string? date) =>
        string.IsNullOrEmpty(date) ? clock.LondonToday()
        : IsoDate.TryParse(date, out var d) ? d
        : null;

    private string TodayUrl(DateOnly date, int? logged)
    {
        var query = new List<string>();
        if (date != clock.LondonToday())
        {
            query.Add("date=" + Labels.Iso(date));
        }
        if (logged is not null)
        {
            query.Add("logged=" + logged.Value.ToString(CultureInfo.InvariantCulture));
        }
        return $"/establishments/{Est.Code}/today" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }
}

/// <summary>The visit just logged, for the confirmation at the top of the hall screen.</summary>
public sealed record LoggedVisit(string Prisoner, VisitOutcome? Outcome, bool NeedsReview, string? ReviewReason, IReadOnlyList<string> Warnings);

/// <param name="Find">The prison-number filter of the list (the page's filter without JavaScript).</param>
public sealed record TodayPage(HallDayModel Day, VisitFormView Log, LoggedVisit? Logged, string? Find)
{
    /// <summary>The day's visits in the list's order: waiting first, then in the hall, then done; each in the order logged.</summary>
    public IEnumerable<HallVisit> Listed(int sessionId) => Day.Visits
        .Where(v => v.SessionId == sessionId && (Find is null || v.Prisoner.Contains(Find.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)))
        .OrderBy(v => v.WaitingRank);
}

public sealed record ShellPage(string Code, VisitFormView Log);

/// <summary>A visit's page. <see cref="Message"/> explains a refused (conflicting) change.</summary>
/// <param name="RevisionWarning">Set when the visit's month has a signed-off return: no one-tap outcome buttons then.</param>
public sealed record VisitPage(Visit Visit, Session Session, bool CanChange, bool IsToday, IReadOnlyList<string> Warnings, string? Message, string? RevisionWarning);

/// <summary>The remove confirmation page; <see cref="RevisionWarning"/> as on <see cref="VisitPage"/>.</summary>
public sealed record RemovePage(Visit Visit, string? RevisionWarning);

/// <summary>The warning before changing a signed-off month, and whether its box is ticked (_ConfirmRevision.cshtml).</summary>
public sealed record RevisionConfirmation(string Warning, bool Confirmed);

public sealed record EditPage(Visit Visit, VisitFormView Form);

/// <summary>One row of the day's list (_VisitRow.cshtml). <see cref="SignedOff"/>: no quick buttons, changes go through the confirmed correction form.</summary>
public sealed record VisitRow(HallVisit Visit, string Code, bool IsToday, bool SignedOff);
