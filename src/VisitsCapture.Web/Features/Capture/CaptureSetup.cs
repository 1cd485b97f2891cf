using VisitsCapture.Web.Features.Sessions;

namespace VisitsCapture.Web.Features.Capture;

public static class CaptureSetup
{
    /// <summary>The visits hall and its timetable: session generation (also for the daily job), timetable changes, visit logging.</summary>
    public static IServiceCollection AddCapture(this IServiceCollection services)
    {
        services.AddScoped<SessionGenerator>();
        services.AddScoped<Timetable>();
        services.AddScoped<HallDay>();
        services.AddScoped<VisitLog>();
        return services;
    }
}
