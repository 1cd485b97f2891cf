using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using VisitsCapture.Web.Configuration;
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
        // The status comes from the route that the status-code pages re-executed, or from the exception handler (which
        // has set it by the kind of failure), never from a posted field: a form field named "code" once turned a 403
        // into a 200. It is always an error status.
        var status = code is >= 400 and <= 599 ? code.Value
            : code is not null ? StatusCodes.Status404NotFound
            : Response.StatusCode >= 400 ? Response.StatusCode : StatusCodes.Status500InternalServerError;
        Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = BadRequests.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        if (original is not null && original.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(statusCode: status, detail: status switch
            {
                StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
                StatusCodes.Status503ServiceUnavailable => "The database cannot take changes at the moment. Keep the visit and try again later.",
                _ => null,
            });
        }
        return status switch
        {
            StatusCodes.Status403Forbidden => View("Forbidden"),
            StatusCodes.Status404NotFound => View("NotFound"),
            StatusCodes.Status400BadRequest => View("BadRequest"),
            StatusCodes.Status413PayloadTooLarge => View("TooLarge"),
            StatusCodes.Status429TooManyRequests => View("TooManyRequests"),
            StatusCodes.Status503ServiceUnavailable => View("Unavailable"),
            _ => View("Error"),
        };
    }
}
