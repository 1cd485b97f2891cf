namespace VisitsCapture.Web.Security;

/// <summary>
/// Security:HttpsOnly (the production default) with a plain HTTP request: the app cannot set its Secure cookies, so
/// rather than fail later (antiforgery refuses a non-TLS request with a 500) it says at once what to set. Not a
/// redirect: behind a TLS proxy that does not send X-Forwarded-Proto a redirect to https would loop for ever.
/// Health checks stay reachable over HTTP for the container and the load balancer.
/// </summary>
public static class HttpsOnly
{
    public const string Message =
        "This service only answers over HTTPS because Security:HttpsOnly is true (the production default). " +
        "If a proxy terminates TLS in front of it, make the proxy send X-Forwarded-Proto: https and enable forwarded headers " +
        "(ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, as the Docker image does). For a local demo on http://localhost, set Security:HttpsOnly=false.";

    public static IApplicationBuilder UseHttpsOnly(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/health"))
        {
            await next();
            return;
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><title>HTTPS required - VisitsCapture</title></head><body>" +
            "<h1>HTTPS required</h1><p>" + System.Net.WebUtility.HtmlEncode(Message) + "</p></body></html>");
    });
}
