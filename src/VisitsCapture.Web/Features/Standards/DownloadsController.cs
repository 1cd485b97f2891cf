using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Web.Features.Shared;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Standards;

/// <summary>An establishment's audits and training coverage as CSV or XLSX.</summary>
[Authorize(Policy = Policies.ViewEstablishment)]
[Route("establishments/{establishment}/standards/download")]
public sealed class StandardsDownloadsController(EstablishmentAccess access, StandardsExports exports) : Controller
{
    [HttpGet("audits")]
    public async Task<IActionResult> Audits(string? format, CancellationToken ct) =>
        ExportDownload.File(await exports.AuditsAsync([access.Current.Id], ct), format, $"audits-{access.Current.Code.ToLowerInvariant()}") ?? (IActionResult)BadFormat();

    [HttpGet("training")]
    public async Task<IActionResult> Training(string? format, CancellationToken ct) =>
        ExportDownload.File(await exports.TrainingAsync([access.Current.Id], ct), format, $"training-{access.Current.Code.ToLowerInvariant()}") ?? (IActionResult)BadFormat();

    private BadRequestObjectResult BadFormat() => BadRequest("format must be csv or xlsx");
}

/// <summary>The audits and training coverage of every establishment a pathway lead can view (their region, or all).</summary>
[Authorize(Policy = Policies.PathwayLead)]
[Route("standards/download")]
public sealed class NationalStandardsDownloadsController(EstablishmentAccess access, StandardsExports exports) : Controller
{
    [HttpGet("audits")]
    public async Task<IActionResult> Audits(string? format, CancellationToken ct) =>
        ExportDownload.File(await exports.AuditsAsync(await ViewableAsync(), ct), format, "audits") ?? (IActionResult)BadRequest("format must be csv or xlsx");

    [HttpGet("training")]
    public async Task<IActionResult> Training(string? format, CancellationToken ct) =>
        ExportDownload.File(await exports.TrainingAsync(await ViewableAsync(), ct), format, "training-coverage") ?? (IActionResult)BadRequest("format must be csv or xlsx");

    private async Task<IReadOnlyCollection<int>> ViewableAsync() => (await access.ViewableAsync(User)).Select(e => e.Id).ToList();
}
