using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Security;

/// <summary>
/// Bearer tokens beside the sign-in cookie: an API request with "Authorization: Bearer …" is authenticated by its
/// token only (the cookie is not read), any other by the cookie, so the same policies serve pages, scripts and
/// machines. Tokens open the API only: the pages (administration included) need a person's sign-in.
/// </summary>
public static class ApiAuthentication
{
    public const string BearerScheme = JwtBearerDefaults.AuthenticationScheme;
    private const string CookieOrBearer = "CookieOrBearer";

    public static bool UsesBearer(HttpRequest request) =>
        (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi"))
        && request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    public static WebApplicationBuilder AddApiAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiSigningKey>();
        services.AddMemoryCache();
        services.TryAddScoped<IPasswordHasher<ApiClient>, PasswordHasher<ApiClient>>();
        services.AddScoped<ApiClientCredentials>();
        services.AddSingleton<ApiCallLog>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiCallLog>());
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieOrBearer;
                o.DefaultAuthenticateScheme = CookieOrBearer;
                o.DefaultChallengeScheme = CookieOrBearer;
                o.DefaultForbidScheme = CookieOrBearer;
            })
            .AddPolicyScheme(CookieOrBearer, null, o => o.ForwardDefaultSelector = ctx => UsesBearer(ctx.Request) ? BearerScheme : IdentityConstants.ApplicationScheme)
            .AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(BearerScheme).Configure<ApiSigningKey>((o, key) =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = ApiSigningKey.Issuer,
                ValidAudience = ApiSigningKey.Audience,
                IssuerSigningKey = key.Key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = "name",
                RoleClaimType = "role",
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = async ctx =>
                {
                    var credentials = ctx.HttpContext.RequestServices.GetRequiredService<ApiClientCredentials>();
                    if (!await credentials.AcceptAsync(ctx.Principal!, ctx.HttpContext))
                    {
                        ctx.Fail("The API client has been revoked or has expired.");
                    }
                },
            };
        });
        return builder;
    }
}

/// <summary>
/// The antiforgery check on every unsafe request, except one authenticated by a bearer token: a browser never sends
/// that header on its own, so a token call cannot be forged cross-site. Cookie calls keep the check.
/// [IgnoreAntiforgeryToken] still turns it off, as with the framework's AutoValidateAntiforgeryToken.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class CookieAntiforgeryAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    public int Order => 1000;

    public bool IsReusable => true;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) => new Filter(serviceProvider.GetRequiredService<IAntiforgery>());

    private sealed class Filter(IAntiforgery antiforgery) : IAsyncAuthorizationFilter, Microsoft.AspNetCore.Mvc.ViewFeatures.IAntiforgeryPolicy
    {
        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (!context.IsEffectivePolicy<Microsoft.AspNetCore.Mvc.ViewFeatures.IAntiforgeryPolicy>(this)
                || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                || HttpMethods.IsOptions(http.Request.Method) || HttpMethods.IsTrace(http.Request.Method)
                || (ApiAuthentication.UsesBearer(http.Request) && http.User.Identity?.IsAuthenticated == true))
            {
                return;
            }
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                context.Result = new Failed();
            }
        }
    }

    /// <summary>The same 400 as the framework's own antiforgery failure.</summary>
    private sealed class Failed : Microsoft.AspNetCore.Mvc.BadRequestResult, Microsoft.AspNetCore.Mvc.Core.Infrastructure.IAntiforgeryValidationFailedResult;
}
