using Microsoft.AspNetCore.Mvc.Razor;
using VisitsCapture.Core;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Retention;
using VisitsCapture.Web.Features.Capture;
using VisitsCapture.Web.Features.Population;
using VisitsCapture.Web.Features.Returns;
using VisitsCapture.Web.Features.Sessions;
using VisitsCapture.Web.Features.Standards;
using VisitsCapture.Web.Imports;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Configuration;

/// <summary>Everything the app registers and the order of its middleware, kept in one readable place.</summary>
public static class AppSetup
{
    public static WebApplicationBuilder AddVisitsCapture(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        // No "Server: Kestrel" header: nothing to tell a prober which server to aim at.
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.AddData();
        builder.AddSecurity();
        builder.AddApiAuthentication();
        builder.AddBadRequests();
        builder.Services.AddOptions<MeasuresOptions>().BindConfiguration(MeasuresOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<VisitsCapture.Core.Impact.ImpactOptions>().BindConfiguration(VisitsCapture.Core.Impact.ImpactOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ReferenceDataOptions>().BindConfiguration(ReferenceDataOptions.Section)
            .PostConfigure<IHostEnvironment>((o, env) => o.Resolve(env.ContentRootPath));

        builder.Services.AddControllersWithViews(o =>
        {
            // Every unsafe request (POST, PUT, DELETE) needs the antiforgery token, pages and cookie API alike; bearer calls do not.
            o.Filters.Add(new CookieAntiforgeryAttribute());
            o.Filters.Add<EstablishmentViewData>();
            o.Filters.Add(new ProblemJson());
        });
        builder.Services.Configure<RazorViewEngineOptions>(o =>
        {
            o.ViewLocationFormats.Clear();
            o.ViewLocationFormats.Add("/Features/Shared/{0}.cshtml");
            o.ViewLocationExpanders.Add(new FeatureViewLocations());
        });
        builder.Services.AddOpenApi(ApiDocument.Configure);
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(), ["live"])
            .AddCheck<DatabaseWriteCheck>("database", tags: ["ready"]);
        builder.Services.AddVisitsCaptureCore();
        builder.Services.AddImports();
        builder.AddJobs();
        builder.Services.AddReturns();
        builder.Services.AddSessions(builder.Configuration);
        builder.Services.AddPopulation();
        builder.Services.AddCapture();
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<DataRetention>();
        builder.Services.AddStandards();
        return builder;
    }

    public static WebApplication UseVisitsCapture(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler();
        }
        if (app.Configuration.GetValue("Security:HttpsOnly", true))
        {
            app.UseHsts();
            app.UseHttpsOnly();
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseBodySizeLimit();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new() { Predicate = c => c.Tags.Contains("live") }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapControllers();
        app.MapJobs();
        return app;
    }
}
