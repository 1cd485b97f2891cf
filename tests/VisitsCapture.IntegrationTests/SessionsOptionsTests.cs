using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VisitsCapture.Web.Features.Sessions;

namespace VisitsCapture.IntegrationTests;

/// <summary>The daily sessions job's schedule: Sessions:GenerationCron, else the older Returns:SessionsCron, else 03:00.</summary>
public class SessionsOptionsTests
{
    [Theory]
    [InlineData(null, null, "0 3 * * *")]
    [InlineData("0 4 * * *", null, "0 4 * * *")]
    [InlineData(null, "0 5 * * *", "0 5 * * *")]
    [InlineData("0 4 * * *", "0 5 * * *", "0 5 * * *")]
    public void The_older_key_is_read_only_when_the_new_one_is_not_set(string? legacy, string? current, string expected)
    {
        var settings = new Dictionary<string, string?>();
        if (legacy is not null)
        {
            settings[SessionsOptions.LegacyCronKey] = legacy;
        }
        if (current is not null)
        {
            settings["Sessions:GenerationCron"] = current;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSessions(configuration).BuildServiceProvider();

        Assert.Equal(expected, services.GetRequiredService<IOptions<SessionsOptions>>().Value.GenerationCron);
    }
}
