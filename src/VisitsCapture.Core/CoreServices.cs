using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Capture;
using VisitsCapture.Core.Impact;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Population;
using VisitsCapture.Core.Returns;
using VisitsCapture.Core.Sessions;

namespace VisitsCapture.Core;

public static class CoreServices
{
    /// <summary>The reporting engine and the visit rules, each scoped to a request or a job (they share its DbContext).</summary>
    public static IServiceCollection AddVisitsCaptureCore(this IServiceCollection services)
    {
        services.AddSingleton<ReportingCalendar>();
        services.AddScoped<KpiCountsQuery>();
        services.AddScoped<MonthlyKpiStore>();
        services.AddScoped<FamilyGroups>();
        services.AddScoped<KpiEngine>();
        services.AddScoped<DataQualityQuery>();
        services.AddScoped<NoVisitsQuery>();
        services.AddScoped<FamilyContactQuery>();
        services.AddScoped<NearerToHomeQuery>();
        services.AddScoped<HomeDistances>();
        services.AddScoped<PostcodeDistrictTable>();
        services.AddSingleton<PostcodeDistrictCache>();
        services.AddSingleton<SnapshotRecordsCache>();
        services.AddScoped<PopulationMeasures>();
        services.AddScoped<IReturnComparison, ReturnComparison>();
        services.AddScoped<ReturnDataQuality>();
        services.AddScoped<ReturnGenerator>();
        services.AddScoped<SignedOffReturns>();
        services.AddScoped<ReturnRollups>();
        services.AddScoped<SessionGenerator>();
        services.AddScoped<Timetable>();
        services.AddScoped<VisitLog>();
        services.AddScoped<ImpactQuery>();
        return services;
    }
}
