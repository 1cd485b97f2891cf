using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Features.Capture;

/// <summary>GOV.UK tag colours for visit outcomes.</summary>
public static class Tags
{
    public static string Of(VisitOutcome? outcome) => outcome switch
    {
        VisitOutcome.Attended => "govuk-tag--green",
        VisitOutcome.NoShow => "govuk-tag--grey",
        VisitOutcome.RefusedEntry or VisitOutcome.Terminated => "govuk-tag--red",
        VisitOutcome.CancelledByVisitor or VisitOutcome.CancelledByEstablishment => "govuk-tag--yellow",
        _ => "govuk-tag--blue",
    };
}
