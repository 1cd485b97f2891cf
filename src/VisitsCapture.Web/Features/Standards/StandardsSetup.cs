using VisitsCapture.Core.Standards;

namespace VisitsCapture.Web.Features.Standards;

public static class StandardsSetup
{
    public static IServiceCollection AddStandards(this IServiceCollection services)
    {
        services.AddOptions<StandardsOptions>().BindConfiguration(StandardsOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.AmberPct <= o.GreenPct, "Standards:AmberPct must not be above Standards:GreenPct.").ValidateOnStart();
        services.AddScoped<StandardsQuery>();
        services.AddScoped<StandardsExports>();
        return services;
    }
}
