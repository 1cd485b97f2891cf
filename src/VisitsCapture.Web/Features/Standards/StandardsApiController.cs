using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Standards;

/// <summary>An establishment's latest audit of one standard. Score is a percentage to 1 decimal place; null = no audit or no item applying.</summary>
public sealed record StandardDto(string Code, string Name, DateOnly? LatestAuditDate, double? ScorePct, string Rag, bool Overdue);

public sealed record EstablishmentStandardsDto(string Establishment, string Name, DateOnly Today, IReadOnlyList<StandardDto> Standards);

/// <summary>One course across the team in post today: members with it current and the percentage (null with no team).</summary>
public sealed record CourseCoverageDto(string Course, int RefreshMonths, int Current, double? CurrentPct);

public sealed record TeamDto(string Establishment, string Name, DateOnly Today, int TeamSize, bool CoordinatorInPost, IReadOnlyList<CourseCoverageDto> Courses);

/// <summary>Read-only JSON of an establishment's standards and visits team, with the same authorisation as its pages.</summary>
[ApiController]
[Authorize(Policy = Policies.ViewEstablishment)]
[Route("api/establishments/{establishment}")]
public sealed class StandardsApiController(EstablishmentAccess access, StandardsQuery query) : ControllerBase
{
    [HttpGet("standards")]
    public async Task<EstablishmentStandardsDto> Standards(CancellationToken ct)
    {
        var e = access.Current;
        var p = await query.ForEstablishmentAsync(e.Id, ct);
        return new EstablishmentStandardsDto(e.Code, e.Name, p.Today, p.Standards.Select(s =>
            new StandardDto(s.Standard.Code, s.Standard.Name, s.Latest?.AuditDate, StandardsDisplay.Rounded(s.Latest?.Score), s.Rag.ToString(), s.Overdue)).ToList());
    }

    [HttpGet("team")]
    public async Task<TeamDto> Team(CancellationToken ct)
    {
        var e = access.Current;
        var p = await query.ForEstablishmentAsync(e.Id, ct);
        return new TeamDto(e.Code, e.Name, p.Today, p.Team.TeamSize, p.Team.CoordinatorInPost,
            p.Team.Courses.Select(c => new CourseCoverageDto(c.Course.Name, c.Course.RefreshMonths, c.Current, StandardsDisplay.Rounded(c.Pct))).ToList());
    }
}
