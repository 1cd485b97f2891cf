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

    public static VisitForm New(int? sessionId) => new()
    {
        ClientId = Guid.NewGuid(),
        SessionId = sessionId?.ToString(CultureInfo.InvariantCulture),
        Adults = "1",
        Children0To4 = "0",
        Children5To11 = "0",
        Children12To17 = "0",
    };

    public static VisitForm Of(Visit v) => new()
    {
        SessionId = v.SessionId.ToString(CultureInfo.InvariantCulture),
        Prisoner = v.Prisoner,
        Adults = N(v.Adults),
        Children0To4 = N(v.Children0To4),
        Children5To11 = N(v.Children5To11),
        Children12To17 = N(v.Children12To17),
        Relationship = v.Relationship?.ToString(),
        FirstVisit = v.FirstVisit ? "true" : null,
        VisitorPostcode = v.VisitorDistrict,
        TableNumber = v.TableNumber,
        Outcome = v.Outcome?.ToString(),
        ArrivedAt = v.ArrivedAt is { } a ? Labels.Time(a) : null,
        EndedAt = v.EndedAt is { } e ? Labels.Time(e) : null,
        Version = v.Version,
    };

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

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
