using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Security;

/// <summary>
/// A password hash made once, checked against when the user name is unknown, so an unknown name costs the same time as
/// a known one with a wrong password (no discovering user names by timing). Same hasher, same iteration count.
/// </summary>
public sealed class DummyPassword(IOptions<PasswordHasherOptions> options)
{
    private readonly PasswordHasher<AppUser> _hasher = new(options);
    private readonly AppUser _nobody = new() { UserName = "nobody" };
    private string? _hash;

    public void Verify(string password)
    {
        _hash ??= _hasher.HashPassword(_nobody, Guid.NewGuid().ToString("N"));
        _hasher.VerifyHashedPassword(_nobody, _hash, password);
    }
}

/// <summary>Per-client limit on sign-in attempts (Security:SignInAttemptsPerMinute), answered 429 with Retry-After.</summary>
public static class SignInRateLimit
{
    public const string Policy = "sign-in";

    public static WebApplicationBuilder AddSignInRateLimit(this WebApplicationBuilder builder)
    {
        var permits = builder.Configuration.GetValue("Security:SignInAttemptsPerMinute", 10);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Behind the proxy the client's address comes from X-Forwarded-For (forwarded headers are enabled there).
            o.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }
}
