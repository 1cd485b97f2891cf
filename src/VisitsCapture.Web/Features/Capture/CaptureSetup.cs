namespace VisitsCapture.Web.Features.Capture;

public static class CaptureSetup
{
    /// <summary>The visits hall: its day view and the guard for changing a visit (the rules themselves are in Core/Capture).</summary>
    public static IServiceCollection AddCapture(this IServiceCollection services)
    {
        services.AddScoped<HallDay>();
        services.AddScoped<ChangeableVisits>();
        return services;
    }
}
