using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Security;

public static class SecuritySetup
{
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        // Production is HTTPS only: Secure, host-only "__Host-" cookies. Security:HttpsOnly=false is for a local demo or
        // browser tests on http://localhost, where the cookies follow the request's scheme instead.
        var httpsOnly = builder.Configuration.GetValue("Security:HttpsOnly", true);
        var cookiePrefix = httpsOnly ? "__Host-" : "";
        var securePolicy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        builder.Services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                // Long passphrases rather than composition rules (NCSC and ASVS 6.2.5): PasswordPolicy owns the length
                // (12 to 128) and the strength, so Identity's own length rule is off rather than saying it twice.
                o.Password.RequiredLength = 0;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<VisitsDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordPolicy>()
            .AddClaimsPrincipalFactory<GrantClaimsFactory>();

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = cookiePrefix + "vc";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = securePolicy;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Shared hall tablets: a short idle timeout, renewed while in use.
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        // Sign-out and account changes update the security stamp; a copied cookie is refused at its next check, within a minute.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        builder.Services.AddSingleton<DummyPassword>();
        builder.AddSignInRateLimit();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = cookiePrefix + "vc-af";
            o.Cookie.SecurePolicy = securePolicy;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = "RequestVerificationToken";
        });
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = cookiePrefix + "vc-msg";
            o.Cookie.SecurePolicy = securePolicy;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });

        builder.Services.AddScoped<EstablishmentAccess>();
        builder.Services.AddSingleton<SmallNumberViews>();
        builder.Services.AddScoped<IAuthorizationHandler, EstablishmentAuthorizationHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenResultHandler>();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.ViewEstablishment, p => p.AddRequirements(new EstablishmentRequirement(Capability.View)))
            .AddPolicy(Policies.CaptureVisits, p => p.AddRequirements(new EstablishmentRequirement(Capability.Capture)))
            .AddPolicy(Policies.ManageEstablishment, p => p.AddRequirements(new EstablishmentRequirement(Capability.Manage)))
            .AddPolicy(Policies.PathwayLead, p => p.RequireClaim(GrantClaims.Type).RequireAssertion(c => GrantClaims.Of(c.User).Any(g => g.Role == Roles.PathwayLead)))
            .AddPolicy(Policies.Administrator, p => p.RequireAssertion(c => GrantClaims.Of(c.User).Any(g => g.Role == Roles.Administrator)));
        return builder;
    }

    /// <summary>API and script calls get a status code; pages get the usual redirect.</summary>
    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/jobs"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        // A relative redirect: never echo the request's Host header back to the browser.
        ctx.Response.Redirect(Uri.TryCreate(ctx.RedirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>The names of the authorisation policies every controller and API uses.</summary>
public static class Policies
{
    /// <summary>Review an establishment's KPIs, population and returns: its governors, pathway leads whose scope covers it.</summary>
    public const string ViewEstablishment = "ViewEstablishment";

    /// <summary>Log and correct visits: visits staff and governors of the establishment.</summary>
    public const string CaptureVisits = "CaptureVisits";

    /// <summary>Timetables, returns sign-off, targets: governors of the establishment.</summary>
    public const string ManageEstablishment = "ManageEstablishment";

    /// <summary>Cross-establishment views: family groups, regional and national roll-ups.</summary>
    public const string PathwayLead = "PathwayLead";

    public const string Administrator = "Administrator";
}
