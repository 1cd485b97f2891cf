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
    public IActionResult Error([FromRoute] int? code)
    {
        // The status comes from the route that the status-code pages or the exception handler re-executed, never from
        // a posted field (a form field named "code" once turned a 403 into a 200), and is always an error status.
        var status = code is >= 400 and <= 599 ? code.Value : code is null ? StatusCodes.Status500InternalServerError : StatusCodes.Status404NotFound;
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
            StatusCodes.Status413PayloadTooLarge => View("TooLarge"),
            StatusCodes.Status429TooManyRequests => View("TooManyRequests"),
            _ => View("Error"),
        };
    }
}
