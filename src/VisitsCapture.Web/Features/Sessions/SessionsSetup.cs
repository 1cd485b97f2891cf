namespace VisitsCapture.Web.Features.Sessions;

public static class SessionsSetup
{
    /// <summary>The timetable's daily job and its settings ("Sessions" section, or the older Returns:SessionsCron).</summary>
    public static IServiceCollection AddSessions(this IServiceCollection services, IConfiguration configuration)
    {
        var legacy = configuration[SessionsOptions.LegacyCronKey];
        var current = configuration[$"{SessionsOptions.Section}:{nameof(SessionsOptions.GenerationCron)}"];
        services.AddOptions<SessionsOptions>().BindConfiguration(SessionsOptions.Section)
            .Configure(o => o.GenerationCron = string.IsNullOrWhiteSpace(current) && !string.IsNullOrWhiteSpace(legacy) ? legacy : o.GenerationCron)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SessionGenerationJob>();
        return services;
    }
}
