namespace VisitsCapture.Web.Features.Kpis;

public static class KpisSetup
{
    public static IServiceCollection AddKpis(this IServiceCollection services)
    {
        services.AddScoped<KpiCountsQuery>();
        services.AddScoped<MonthlyKpiStore>();
        services.AddScoped<FamilyGroups>();
        services.AddScoped<KpiEngine>();
        services.AddScoped<DataQualityQuery>();
        services.AddScoped<NoVisitsQuery>();
        services.AddSingleton<ReportingCalendar>();
        return services;
    }
}
