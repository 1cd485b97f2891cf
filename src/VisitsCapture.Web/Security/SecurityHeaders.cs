namespace VisitsCapture.Web.Security;

public static class SecurityHeaders
{
    // Scripts and styles come only from this site: chart data travels in JSON blocks, never inline script.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; form-action 'self'; " +
        "base-uri 'self'; object-src 'none'";

    /// <summary>Where Hangfire's jobs dashboard is mapped (JobsSetup.MapJobs).</summary>
    public const string JobsDashboardPath = "/jobs";

    // Hangfire's dashboard (administrators only) loads its own stylesheets and scripts from /jobs, and its chart library
    // injects a <style> element at run time: it alone gets style-src 'unsafe-inline'. Scripts stay 'self' everywhere.
    private const string JobsDashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Read before the request runs: the dashboard moves /jobs from Path into PathBase while it answers.
        var dashboard = context.Request.Path.StartsWithSegments(JobsDashboardPath);
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = dashboard ? JobsDashboardPolicy : ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            // Pages carry prisoner numbers: never keep them in a shared tablet's cache. Static files may be cached, and
            // so may a page marked [CacheableShell] (free of personal data: the offline hall screen's shell).
            if (context.GetEndpoint()?.Metadata.GetMetadata<CacheableShellAttribute>() is not null)
            {
                h.CacheControl = "no-cache";
            }
            else if (!IsStaticAsset(context.Request.Path))
            {
                h.CacheControl = "no-store";
                h.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        await next();
    });

    private static bool IsStaticAsset(PathString path) =>
        path.StartsWithSegments("/lib") || path.StartsWithSegments("/assets") || path.StartsWithSegments("/css")
        || path.StartsWithSegments("/js") || path.StartsWithSegments("/images")
        || path == "/sw.js" || path == "/manifest.webmanifest" || path == "/offline.html";
}

/// <summary>
/// Marks a page that holds no personal data and may be kept by the service worker for offline use ("no-cache": the
/// browser checks for a fresh copy whenever it is online). Everything else is sent with "no-store".
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CacheableShellAttribute : Attribute;
