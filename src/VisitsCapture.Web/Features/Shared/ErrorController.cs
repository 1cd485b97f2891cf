using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace VisitsCapture.Web.Features.Shared;

/// <summary>Friendly error pages: no stack traces or internals, whatever went wrong.</summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorController : Controller
{
    [Route("error/{code:int?}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Error(int? code)
    {
        var status = code ?? StatusCodes.Status500InternalServerError;
        Response.StatusCode = status;
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath is { } original
            && original.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(statusCode: status);
        }
        return status switch
        {
            StatusCodes.Status403Forbidden => View("Forbidden"),
            StatusCodes.Status404NotFound => View("NotFound"),
            StatusCodes.Status400BadRequest => View("BadRequest"),
            _ => View("Error"),
        };
    }
}
