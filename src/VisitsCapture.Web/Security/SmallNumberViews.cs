using System.Security.Claims;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Web.Security;

/// <summary>
/// Who sees small numbers (DESIGN.md "Family-group comparison"): every page, download and API answer withholds them
/// from anyone without a grant at the establishment (a pathway lead included), with the configured threshold. The one
/// place that decides it; <see cref="KpiDisplay"/> then applies it.
/// </summary>
public sealed class SmallNumberViews(IOptions<MeasuresOptions> options)
{
    private int Threshold => options.Value.SmallNumberThreshold;

    /// <summary>A view of one establishment's own figures: exact for its governor and staff, withheld for everyone else.</summary>
    public KpiDisplay For(ClaimsPrincipal user, Establishment establishment) =>
        new(suppress: !EstablishmentAccess.Can(user, establishment, Capability.Capture), Threshold);

    /// <summary>Figures of several establishments, groups, regions or the nation: withheld for everyone.</summary>
    public KpiDisplay Outside => new(suppress: true, Threshold);
}
