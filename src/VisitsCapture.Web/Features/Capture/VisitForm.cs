using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using VisitsCapture.Core.Capture;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Features.Capture;

/// <summary>
/// The log-a-visit and correct-a-visit form as posted (text fields, so every slip gets a clear message). Without
/// JavaScript the page posts it directly; with JavaScript the same fields go to the API through the outbox.
/// </summary>
public sealed class VisitForm
{
    /// <summary>Made when the form is shown, so a form posted twice (a double tap, a resubmit) stores one visit.</summary>
    public Guid? ClientId { get; set; }
    public string? SessionId { get; set; }
    public string? Prisoner { get; set; }
    public string? Adults { get; set; }
    public string? Children0To4 { get; set; }
    public string? Children5To11 { get; set; }
    public string? Children12To17 { get; set; }
    public string? Relationship { get; set; }
    public string? FirstVisit { get; set; }
    public string? VisitorPostcode { get; set; }
    public string? TableNumber { get; set; }
    public string? Outcome { get; set; }
    public string? ArrivedAt { get; set; }
    public string? EndedAt { get; set; }
    public Guid? Version { get; set; }

    /// <summary>"true" once the person has confirmed that changing a signed-off month revises its return.</summary>
    public string? ConfirmRevision { get; set; }

    public static VisitForm New(int? sessionId) => new()
    {
        ClientId = Guid.NewGuid(),
        SessionId = sessionId?.ToString(CultureInfo.InvariantCulture),
        Adults = "1",
        Children0To4 = "0",
        Children5To11 = "0",
        Children12To17 = "0",
    };

    /// <summary>The correction form of a stored visit, from the one visit shape (<see cref="VisitFields.Of"/>).</summary>
    public static VisitForm Of(Visit v)
    {
        var f = VisitFields.Of(VisitValues.Of(v));
        return new()
        {
            SessionId = v.SessionId.ToString(CultureInfo.InvariantCulture),
            Prisoner = f.Prisoner,
            Adults = N(f.Adults),
            Children0To4 = N(f.Children0To4),
            Children5To11 = N(f.Children5To11),
            Children12To17 = N(f.Children12To17),
            Relationship = f.Relationship,
            FirstVisit = f.FirstVisit ? "true" : null,
            VisitorPostcode = f.VisitorPostcode,
            TableNumber = f.TableNumber,
            Outcome = f.Outcome,
            ArrivedAt = f.ArrivedAt,
            EndedAt = f.EndedAt,
            Version = v.Version,
        };
    }

    public bool IsRevisionConfirmed => Confirms(ConfirmRevision);

    /// <summary>Whether the posted confirmation box (_ConfirmRevision) was ticked.</summary>
    public static bool Confirms(string? confirmRevision) => confirmRevision is "true" or "on";

    /// <summary>Refuses the change until the person confirms that it revises a signed-off return (<paramref name="warning"/>).</summary>
    public void RequireConfirmation(string? warning, ModelStateDictionary errors)
    {
        if (warning is not null && !IsRevisionConfirmed)
        {
            errors.AddModelError(nameof(ConfirmRevision), "Confirm that the signed-off return will be revised, or leave this day unchanged");
        }
    }

    public bool IsFirstVisit => FirstVisit is not null && (FirstVisit.Equals("true", StringComparison.OrdinalIgnoreCase) || FirstVisit == "on" || FirstVisit == "yes");

    /// <summary>The session and checked values, or nulls with every problem in <paramref name="errors"/>.</summary>
    public (int? SessionId, VisitValues? Values) Read(ModelStateDictionary errors)
    {
        int? sessionId = int.TryParse(SessionId, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
        if (sessionId is null)
        {
            errors.AddModelError(nameof(SessionId), "Select the session");
        }
        var failed = new HashSet<string>();
        int? Count(string field, string? text)
        {
            var v = text?.Trim() ?? "";
            if (v.Length == 0)
            {
                return 0;
            }
            if (v.Length <= 9 && int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }
            failed.Add(field);
            errors.AddModelError(field, $"The number of {VisitRules.CountNames[field]} must be a number, like 2");
            return null;
        }
        var fields = new VisitFields(Prisoner, Count(nameof(Adults), Adults), Count(nameof(Children0To4), Children0To4),
            Count(nameof(Children5To11), Children5To11), Count(nameof(Children12To17), Children12To17), Relationship, IsFirstVisit,
            VisitorPostcode, TableNumber, Outcome, ArrivedAt, EndedAt);
        var values = VisitRules.Check(fields, errors.AddModelError, failed);
        return (sessionId, values);
    }

    private static string? N(int? n) => n?.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The one visit form (_VisitForm.cshtml), for logging a visit (one tap on what happened sends it) and for correcting
/// one (outcome and times, then Save). <see cref="ShowTimes"/>: times are typed for a correction or an earlier day.
/// </summary>
public sealed record VisitFormView(VisitForm Form, string Action, IReadOnlyList<KeyValuePair<string, string>> Sessions, bool IsCorrection, bool ShowTimes,
    string? RevisionWarning)
{
    public string SessionHint => ShowTimes && !IsCorrection ? "Times left empty take the session's: arrival at its start." : "";
}
