using VisitsCapture.Core.Domain;
using VisitsCapture.Web.Imports;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Population;

public static class PopulationSetup
{
    /// <summary>Import population data for any establishment (in scope): pathway leads and administrators.</summary>
    public const string ImportAnyPolicy = "ImportPopulationAnyEstablishment";

    public static IServiceCollection AddPopulation(this IServiceCollection services)
    {
        services.AddSingleton<BackgroundImports>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundImports>());
        services.AddAuthorizationBuilder().AddPolicy(ImportAnyPolicy, p => p.RequireAssertion(c =>
            GrantClaims.Of(c.User).Any(g => g.Role is Roles.PathwayLead or Roles.Administrator)));
        return services;
    }
}
