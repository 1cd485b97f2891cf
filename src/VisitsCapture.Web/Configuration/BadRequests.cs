using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Data;

namespace VisitsCapture.Web.Configuration;

/// <summary>
/// Bad input is a 4xx with a clear message, never a 500: failures that come from the request (too large, unreadable
/// form, malformed HTTP) keep their 4xx, and a database that cannot be written is 503. /api answers problem+json.
/// </summary>
public static class BadRequests
{
    /// <summary>How long a client is told to wait when the database cannot be written.</summary>
    public const int RetryAfterSeconds = 30;

    public static WebApplicationBuilder AddBadRequests(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.Configure<ExceptionHandlerOptions>(o =>
        {
            o.ExceptionHandlingPath = "/error";
            o.StatusCodeSelector = StatusOf;
        });
        return builder;
    }

    public static int StatusOf(Exception e) => e switch
    {
        Microsoft.AspNetCore.Http.BadHttpRequestException b => b.StatusCode,
        // Form limits (value length, field count, multipart sections) and malformed multipart bodies.
        InvalidDataException => StatusCodes.Status400BadRequest,
        _ when DbErrors.IsUnavailable(e) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// Refuses a body declared larger than the endpoint allows ([RequestSizeLimit], else Kestrel's limit, 30 MB) with
    /// 413 before anything reads it; Kestrel stops undeclared (chunked) ones, and <see cref="StatusOf"/> keeps its 413.
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? context.RequestServices.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MaxRequestBodySize;
        // Not again when the error page is re-executed for the same request.
        var reExecuted = context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;
        if (!reExecuted && context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        await next();
    });
}

/// <summary>
/// A problem is always sent as application/problem+json, even to a client that asked for application/json (which
/// content negotiation or [Produces] would otherwise answer with a plain JSON content type).
/// </summary>
public sealed class ProblemJson : Microsoft.AspNetCore.Mvc.Filters.IAlwaysRunResultFilter, Microsoft.AspNetCore.Mvc.Filters.IOrderedFilter
{
    /// <summary>After [Produces("application/json")], which would set the content type back.</summary>
    public int Order => int.MaxValue;

    public void OnResultExecuting(Microsoft.AspNetCore.Mvc.Filters.ResultExecutingContext context)
    {
        if (context.Result is Microsoft.AspNetCore.Mvc.ObjectResult { Value: Microsoft.AspNetCore.Mvc.ProblemDetails } problem)
        {
            problem.ContentTypes.Clear();
            problem.ContentTypes.Add("application/problem+json");
        }
    }

    public void OnResultExecuted(Microsoft.AspNetCore.Mvc.Filters.ResultExecutedContext context)
    {
    }
}
