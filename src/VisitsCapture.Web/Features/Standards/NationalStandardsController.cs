using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Standards;

/// <summary>The national standards comparison for pathway leads: family groups, regions and the nation.</summary>
[Authorize(Policy = Policies.PathwayLead)]
public sealed class NationalStandardsController(StandardsQuery query) : Controller
{
    [HttpGet("/standards")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("National", await query.NationalAsync(ct));
}
