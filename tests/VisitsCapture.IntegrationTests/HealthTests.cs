using System.Net;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

public sealed class HealthTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_anonymously(string path)
    {
        var response = await fixture.App.Browser().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_pages_get_a_friendly_not_found_page()
    {
        var response = await fixture.App.Browser().GetAsync("/no/such/page");
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Redirect);
    }
}
