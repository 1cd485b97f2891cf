using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Capture;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Returns;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Capture;

/// <summary>
/// The hall's JSON API, used by the tablet's offline outbox: the day's sessions, logging a visit exactly once under
/// its client id (the Idempotency-Key header), outcomes, corrections and removal. Same rules and authorisation as
/// the hall pages. Calls made with the sign-in cookie need the antiforgery token in the RequestVerificationToken header.
/// </summary>
[ApiController]
[Authorize(Policy = Policies.CaptureVisits)]
[Route("api/establishments/{establishment}")]
[Produces("application/json")]
[Tags("Visits hall")]
public sealed class CaptureApiController(VisitsDbContext db, EstablishmentAccess access, HallDay hall, VisitLog log, ChangeableVisits visits,
    SignedOffReturns returns, TimeProvider clock) : ControllerBase
{
    public const string IdempotencyHeader = "Idempotency-Key";

    private Establishment Est => access.Current;

    /// <summary>The sessions of a day (today unless a governor asks for another date), with capacity and counts.</summary>
    [HttpGet("sessions")]
    [ProducesResponseType<DaySessions>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<ActionResult<DaySessions>> Sessions([FromQuery] string? date, CancellationToken ct)
    {
        var today = clock.LondonToday();
        var day = today;
        if (!string.IsNullOrEmpty(date) && !IsoDate.TryParse(date, out day))
        {
            return Invalid(new() { ["date"] = "Give the date as YYYY-MM-DD" });
        }
        if (day != today && !visits.Who(User).IsGovernor)
        {
            return Problem(statusCode: StatusCodes.Status403Forbidden, detail: "Only a governor can see the sessions of another day.");
        }
        var sessions = await hall.SessionsAsync(Est, day, ct);
        return new DaySessions(Est.Code, Labels.Iso(day), sessions.Select(SessionResponse.Of).ToList());
    }

    /// <summary>
    /// Logs a visit once. The Idempotency-Key header carries the client id (a UUID made by the device). Sending it again
    /// with the same visit returns the stored visit (200, same id); with a different visit, 409. A visit for a session
    /// cancelled meanwhile is accepted and flagged for review.
    /// </summary>
    [HttpPost("visits")]
    [ProducesResponseType<VisitResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<VisitResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<VisitResponse>> Create([FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, [FromBody] VisitRequest request, CancellationToken ct)
    {
        if (!Guid.TryParse(idempotencyKey, out var clientId) || clientId == Guid.Empty)
        {
            return Problem(statusCode: StatusCodes.Status400BadRequest, title: "Idempotency-Key missing or not a UUID",
                detail: $"Send the visit's client id, a UUID made by the device, in the {IdempotencyHeader} header.");
        }
        var errors = new Dictionary<string, string>();
        var values = VisitRules.Check(request.Fields(), (k, m) => errors.TryAdd(k, m));
        if (request.SessionId is null)
        {
            errors.TryAdd("SessionId", "Select the session");
        }
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }
        var result = await log.CreateAsync(visits.Who(User), Est, clientId, request.SessionId!.Value, values!, fromDevice: true, ct);
        switch (result.Status)
        {
            case CreateStatus.Invalid:
                return Invalid(new() { [result.Field!] = result.Error! });
            case CreateStatus.Conflict:
                return Problem(statusCode: StatusCodes.Status409Conflict, title: "A different visit was already sent with this Idempotency-Key",
                    detail: "The client id has already been used for a visit with other details. Log this visit again as a new one.");
            case CreateStatus.Replayed:
                return Ok(await ChangedAsync(result.Visit!, ct));
            default:
                var visit = result.Visit!;
                return Created($"/api/establishments/{Est.Code}/visits/{visit.Id}", await ChangedAsync(visit, ct));
        }
    }

    [HttpGet("visits/{id:int}")]
    [ProducesResponseType<VisitResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<VisitResponse>> Get(int id, CancellationToken ct)
    {
        var visit = await db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && v.EstablishmentId == Est.Id, ct);
        return visit is null ? NotFound() : VisitResponse.Of(visit, await log.WarningsAsync(visit, ct), null);
    }

    /// <summary>Records what happened to the visit, stamping the arrival (Attended) or end (Terminated) time unless given.</summary>
    [HttpPost("visits/{id:int}/outcome")]
    [ProducesResponseType<VisitResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<VisitResponse>> Outcome(int id, [FromBody] OutcomeRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (!VisitRules.TryOutcome(request.Outcome, out var outcome))
        {
            errors["Outcome"] = $"The outcome must be one of {string.Join(", ", Enum.GetNames<VisitOutcome>())}";
        }
        var at = Time(request.At, errors);
        RequireVersion(request.Version, errors);
        return await ChangeAsync(id, errors, visit => log.SetOutcomeAsync(visit, outcome, at, request.Version!.Value), ct);
    }

    /// <summary>The visit ended normally: stamps the end time (the time given, as tapped on a tablet offline, or now) and Attended if no outcome yet.</summary>
    [HttpPost("visits/{id:int}/end")]
    [ProducesResponseType<VisitResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<VisitResponse>> End(int id, [FromBody] EndRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var at = Time(request.At, errors);
        RequireVersion(request.Version, errors);
        return await ChangeAsync(id, errors, visit =>
        {
            // Without a time, the end is stamped now: only on the visit's own day (as the hall page's button).
            if (at is null && visit.Date != clock.LondonToday())
            {
                throw new TimeNeeded();
            }
            return log.EndAsync(visit, at, request.Version!.Value);
        }, ct);
    }

    /// <summary>Corrects a visit's details (and session, within the establishment). Send the version read with it.</summary>
    [HttpPut("visits/{id:int}")]
    [ProducesResponseType<VisitResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<VisitResponse>> Correct(int id, [FromBody] VisitRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var values = VisitRules.Check(request.Fields(), (k, m) => errors.TryAdd(k, m));
        RequireVersion(request.Version, errors);
        string? sessionError = null;
        var result = await ChangeAsync(id, errors, async visit =>
        {
            sessionError = await log.CorrectAsync(visit, Est, request.SessionId ?? visit.SessionId, values!, request.Version!.Value, visits.Who(User));
        }, ct);
        return sessionError is null ? result : Invalid(new() { ["SessionId"] = sessionError });
    }

    /// <summary>Removes a visit logged in error (kept, marked removed, and audited). Send the version read with it.</summary>
    [HttpDelete("visits/{id:int}")]
    [ProducesResponseType<VisitResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<VisitResponse>> Remove(int id, [FromQuery] Guid? version, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        RequireVersion(version, errors);
        return await ChangeAsync(id, errors, visit => log.RemoveAsync(visit, version!.Value), ct);
    }

    private async Task<ActionResult<VisitResponse>> ChangeAsync(int id, Dictionary<string, string> errors, Func<Visit, Task> change, CancellationToken ct)
    {
        var loaded = await visits.LoadAsync(User, id, ct);
        switch (loaded.Refusal)
        {
            case VisitRefusal.NotFound:
                return NotFound();
            case VisitRefusal.TooLate or VisitRefusal.Removed:
                return Problem(statusCode: loaded.Status, detail: loaded.Message);
        }
        var visit = loaded.Visit!;
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }
        try
        {
            await change(visit);
        }
        catch (TimeNeeded)
        {
            return Invalid(new() { ["At"] = "Give the time the visit ended: it was on an earlier day" });
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem(statusCode: StatusCodes.Status409Conflict, title: "Changed by someone else",
                detail: "This visit was changed by someone else since you read it. Read it again and repeat your change.");
        }
        return await ChangedAsync(visit, ct);
    }

    private static TimeOnly? Time(string? text, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (TimeOnly.TryParseExact(text.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return t;
        }
        errors["At"] = "Give the time as HH:MM, like 14:05";
        return null;
    }

    private static void RequireVersion(Guid? version, Dictionary<string, string> errors)
    {
        if (version is null || version == Guid.Empty)
        {
            errors["Version"] = "Send the visit's version, as read with it, so that a change made meanwhile by someone else is not overwritten";
        }
    }

    /// <summary>
    /// The answer to a change: the visit, its warnings (with one about revising a signed-off return), and its session's
    /// counts now, so the hall screen updates in place from this answer with no reload.
    /// </summary>
    private async Task<VisitResponse> ChangedAsync(Visit visit, CancellationToken ct)
    {
        var warnings = (await log.WarningsAsync(visit, ct)).ToList();
        if (await returns.WarningAsync(Est.Id, visit.Date, ct) is { } revised)
        {
            warnings.Add(revised);
        }
        var session = await hall.SessionAsync(Est.Id, visit.SessionId, ct);
        return VisitResponse.Of(visit, warnings, session is null ? null : SessionResponse.Of(session));
    }

    /// <summary>An end with no time, on a later day than the visit's: stamping "now" would invent a time.</summary>
    private sealed class TimeNeeded : Exception;

    /// <summary>422 with the problems by field, named as in the JSON (camelCase).</summary>
    private ObjectResult Invalid(Dictionary<string, string> errors)
    {
        var state = new ModelStateDictionary();
        foreach (var (key, message) in errors)
        {
            state.AddModelError(JsonNamingPolicy.CamelCase.ConvertName(key), message);
        }
        var problem = ProblemDetailsFactory.CreateValidationProblemDetails(HttpContext, state, StatusCodes.Status422UnprocessableEntity,
            title: "The visit has problems: nothing was saved");
        return new ObjectResult(problem) { StatusCode = StatusCodes.Status422UnprocessableEntity, ContentTypes = { "application/problem+json" } };
    }
}

/// <summary>Gives page scripts a fresh antiforgery token for their API calls (the outbox asks before sending).</summary>
[ApiController]
[Route("api/antiforgery")]
[Tags("Visits hall")]
public sealed class AntiforgeryTokenController(IAntiforgery antiforgery) : ControllerBase
{
    [HttpGet("token")]
    [ProducesResponseType<AntiforgeryToken>(StatusCodes.Status200OK)]
    public AntiforgeryToken Token() => new(antiforgery.GetAndStoreTokens(HttpContext).RequestToken!, "RequestVerificationToken");
}

public sealed record AntiforgeryToken(string Token, string Header);

/// <summary>A visit as sent by a device or a person. Enum values are names (Attended, Partner ...), matched case-insensitively; times are HH:MM.</summary>
public sealed class VisitRequest
{
    public int? SessionId { get; set; }
    public string? Prisoner { get; set; }
    public int? Adults { get; set; }
    public int? Children0To4 { get; set; }
    public int? Children5To11 { get; set; }
    public int? Children12To17 { get; set; }
    public string? Relationship { get; set; }
    public bool? FirstVisit { get; set; }

    /// <summary>Full postcode or district; only the district is kept.</summary>
    public string? VisitorPostcode { get; set; }
    public string? TableNumber { get; set; }
    public string? Outcome { get; set; }
    public string? ArrivedAt { get; set; }
    public string? EndedAt { get; set; }

    /// <summary>For a correction: the version read with the visit.</summary>
    public Guid? Version { get; set; }

    public VisitFields Fields() => new(Prisoner, Adults, Children0To4, Children5To11, Children12To17, Relationship, FirstVisit == true,
        VisitorPostcode, TableNumber, Outcome, ArrivedAt, EndedAt);
}

public sealed class EndRequest
{
    /// <summary>Optional time (HH:MM) the visit ended, instead of now; needed on a later day.</summary>
    public string? At { get; set; }
    public Guid? Version { get; set; }
}

public sealed class OutcomeRequest
{
    public string? Outcome { get; set; }

    /// <summary>Optional time (HH:MM) to stamp instead of now.</summary>
    public string? At { get; set; }
    public Guid? Version { get; set; }
}

public sealed record DaySessions(string Establishment, string Date, IReadOnlyList<SessionResponse> Sessions);

public sealed record SessionResponse(int Id, string Date, string Start, string End, string Type, int CapacityVisits, int CapacityVisitors,
    string Status, string? CancellationReason, int VisitsLogged, int InHall, int Visitors, int Attended, bool Full)
{
    public static SessionResponse Of(HallSession s) => new(s.Id, Labels.Iso(s.Date), Labels.Time(s.Start), Labels.Time(s.End), s.Type.ToString(),
        s.CapacityVisits, s.CapacityVisitors, s.Status.ToString(), s.CancellationReason, s.Logged, s.InHall, s.Visitors, s.Attended, s.Full);
}

public sealed record VisitResponse(int Id, Guid ClientId, int SessionId, string Date, string Prisoner, int Adults, int Children0To4, int Children5To11,
    int Children12To17, string? Relationship, bool FirstVisit, string? VisitorDistrict, string? TableNumber, string? Outcome, string? ArrivedAt,
    string? EndedAt, bool NeedsReview, string? ReviewReason, bool Removed, Guid Version, IReadOnlyList<string> Warnings, SessionResponse? Session)
{
    /// <summary>
    /// The stored visit as the API answers it, from the one visit shape (<see cref="VisitFields.Of"/>); hall.js reads
    /// these names. <paramref name="session"/>: the session's counts after a change (null when only reading).
    /// </summary>
    public static VisitResponse Of(Visit v, IReadOnlyList<string> warnings, SessionResponse? session)
    {
        var f = VisitFields.Of(VisitValues.Of(v));
        return new(v.Id, v.ClientId, v.SessionId, Labels.Iso(v.Date), f.Prisoner!, f.Adults!.Value, f.Children0To4!.Value, f.Children5To11!.Value,
            f.Children12To17!.Value, f.Relationship, f.FirstVisit, f.VisitorPostcode, f.TableNumber, f.Outcome, f.ArrivedAt, f.EndedAt, v.NeedsReview,
            v.ReviewReason, v.Removed, v.Version, warnings, session);
    }
}
