namespace VisitsCapture.Web.Features.Returns;

/// <summary>Monthly returns: the settings of the monthly-returns job ("Returns" section). Hangfire itself is wired in Configuration/JobsSetup.</summary>
public static class ReturnsSetup
{
    public static IServiceCollection AddReturns(this IServiceCollection services)
    {
        services.AddOptions<ReturnsOptions>().BindConfiguration(ReturnsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<MonthlyReturnsJob>();
        return services;
    }
}
