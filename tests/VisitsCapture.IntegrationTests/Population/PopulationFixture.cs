using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Population;

/// <summary>The app with every log record captured, so that tests can check no full postcode is ever logged.</summary>
public sealed class PopulationAppFactory : AppFactory
{
    public CapturedLogs Logs { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Logging:LogLevel:Default", "Trace"),
        new("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace"),
        new("Logging:LogLevel:Microsoft.AspNetCore", "Trace"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Captured instead of written to the console: trace-level output would drown the test report.
        builder.ConfigureLogging(l => l.ClearProviders().AddProvider(Logs));
    }
}

public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}

public sealed class PopulationFixture() : AppFixture<PopulationAppFactory>(null);

public sealed class PostgresPopulationFixture(SharedPostgres postgres) : AppFixture<PopulationAppFactory>(postgres);

/// <summary>Real postcode district centroids (shared/data/outcodes/uk_outcode_centroids.csv) and the steps the population tests share.</summary>
public static class PopulationData
{
    /// <summary>HMP Featherstone's coordinates (shared/data/prisons), West Midlands.</summary>
    public const double FeatherstoneLat = 52.646887, FeatherstoneLon = -2.108748;

    /// <summary>HMP Cardiff's coordinates, Wales.</summary>
    public const double CardiffLat = 51.480856, CardiffLon = -3.168245;

    public static readonly PostcodeDistrict[] Districts =
    [
        District("WV10", 52.619152, -2.113524, "E08000031", "Wolverhampton", "West Midlands", "England"),
        District("WV1", 52.586457, -2.115789, "E08000031", "Wolverhampton", "West Midlands", "England"),
        District("WS1", 52.579367, -1.97843, "E08000030", "Walsall", "West Midlands", "England"),
        District("B1", 52.479865, -1.909381, "E08000025", "Birmingham", "West Midlands", "England"),
        District("CF10", 51.474772, -3.17318, "W06000015", "Cardiff", "Wales", "Wales"),
        District("NP20", 51.590244, -3.006556, "W06000022", "Newport", "Wales", "Wales"),
        District("M1", 53.477477, -2.236222, "E08000003", "Manchester", "North West", "England"),
        District("LL11", 53.063595, -3.036422, "W06000006", "Wrexham", "Wales", "Wales"),
        District("SY1", 52.722681, -2.740469, "E06000051", "Shropshire", "West Midlands", "England"),
        District("EH1", 55.950776, -3.192924, "S12000036", "City of Edinburgh", "Scotland", "Scotland"),
        District("SW1A", 51.504521, -0.13225, "E09000033", "Westminster", "London", "England"),
        District("TF1", 52.703339, -2.503328, "E06000020", "Telford and Wrekin", "West Midlands", "England"),
        District("ST1", 53.027374, -2.172925, "E06000021", "Stoke-on-Trent", "West Midlands", "England"),
        District("CV1", 52.409371, -1.506378, "E08000026", "Coventry", "West Midlands", "England"),
    ];

    private static PostcodeDistrict District(string outcode, double lat, double lon, string laCode, string laName, string region, string country) => new()
    {
        Outcode = outcode, Latitude = lat, Longitude = lon, LocalAuthorityCode = laCode, LocalAuthorityName = laName,
        Region = region, Country = country, Source = "test",
    };

    private static readonly SemaphoreSlim Once = new(1, 1);

    public static async Task AddDistrictsAsync(AppFactory app)
    {
        await Once.WaitAsync();
        try
        {
            await app.WithDbAsync(async db =>
            {
                var existing = db.PostcodeDistricts.Select(d => d.Outcode).ToHashSet();
                db.PostcodeDistricts.AddRange(Districts.Where(d => !existing.Contains(d.Outcode)).Select(d => new PostcodeDistrict
                {
                    Outcode = d.Outcode, Latitude = d.Latitude, Longitude = d.Longitude, LocalAuthorityCode = d.LocalAuthorityCode,
                    LocalAuthorityName = d.LocalAuthorityName, Region = d.Region, Country = d.Country, Source = d.Source,
                }));
                await db.SaveChangesAsync();
            });
        }
        finally
        {
            Once.Release();
        }
    }

    /// <summary>Uploads a file on an import page, waits for the background import, and returns the status page's HTML.</summary>
    public static async Task<string> ImportAsync(HttpClient client, string importPage, string kind, string csv)
    {
        var (status, location) = await StartImportAsync(client, importPage, kind, csv);
        Assert.Equal(HttpStatusCode.Redirect, status);
        for (var i = 0; i < 300; i++)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync(location + "/status"));
            if (json.RootElement.GetProperty("done").GetBoolean())
            {
                break;
            }
            await Task.Delay(50);
        }
        return await client.GetStringAsync(location);
    }

    public static async Task<(HttpStatusCode Status, string? Location)> StartImportAsync(HttpClient client, string importPage, string kind, string csv)
    {
        var response = await client.PostFilesAsync(importPage, importPage, new() { ["kind"] = kind }, ("file", "population.csv", csv));
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }

    public static IHtmlDocument Html(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>The text of each cell (th and td) of the table row matching the selector.</summary>
    public static string[] Row(IHtmlDocument doc, string selector)
    {
        var row = doc.QuerySelector(selector) ?? throw new InvalidOperationException($"No row {selector}");
        return row.Children.Select(c => c.TextContent.Trim()).ToArray();
    }

    public static string Text(IHtmlDocument doc, string selector) =>
        (doc.QuerySelector(selector) ?? throw new InvalidOperationException($"No element {selector}")).TextContent.Trim();

    public static async Task<T?> JsonAsync<T>(HttpClient client, string url) => await client.GetFromJsonAsync<T>(url);
}
