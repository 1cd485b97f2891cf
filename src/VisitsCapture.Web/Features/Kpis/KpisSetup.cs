using VisitsCapture.Web.Features.Population;

namespace VisitsCapture.Web.Features.Kpis;

public static class KpisSetup
{
    public static IServiceCollection AddKpis(this IServiceCollection services)
    {
        services.AddScoped<HomeDistances>();
        services.AddScoped<KpiCountsQuery>();
        return services;
    }
}
