using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Api;

/// <summary>The OpenAPI document a generator uses: valid, with its title, the bearer scheme, and every path exercised by a test.</summary>
public sealed partial class ApiDocumentTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    private async Task<HttpClient> AdminAsync()
    {
        if (!await App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Users, u => u.UserName == "doc-admin")))
        {
            await App.AddUserAsync("doc-admin", VisitsCapture.Core.Domain.Roles.Administrator, null);
        }
        return await App.SignedInAsync("doc-admin");
    }

    private async Task<string> DocumentAsync()
    {
        // Read with a client's token, as a generator in a client's build would.
        var admin = await AdminAsync();
        var (id, secret) = await ApiClientsApp.IssueAsync(admin, "doc-reader-" + Guid.NewGuid().ToString("N")[..8], VisitsCapture.Core.Domain.Roles.PathwayLead, "national");
        var api = await ApiClientsApp.BearerAsync(App, id, secret);
        var response = await api.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_document_validates_and_declares_its_title_and_the_bearer_scheme_on_every_operation_but_the_token_endpoint()
    {
        var text = await DocumentAsync();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        var result = await OpenApiDocument.LoadAsync(stream, "json");
        Assert.Empty(result.Diagnostic!.Errors);
        var document = result.Document!;
        Assert.Equal("VisitsCapture API", document.Info.Title);
        Assert.Contains("POST /api/token", document.Info.Description);
        var scheme = document.Components!.SecuritySchemes!["Bearer"];
        Assert.Equal(SecuritySchemeType.Http, scheme.Type);
        Assert.Equal("bearer", scheme.Scheme);

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations!)
            {
                var secured = operation.Security?.Any(r => r.Keys.Any(k => k.Reference.Id == "Bearer")) == true;
                Assert.True(secured != (path == "/api/token"), $"{method} {path}: bearer security {(secured ? "declared" : "missing")}");
                // Every operation's errors are problem details.
                foreach (var (status, response) in operation.Responses!.Where(r => r.Key.StartsWith('4') && r.Value.Content is { Count: > 0 }))
                {
                    Assert.True(response.Content!.ContainsKey("application/problem+json"), $"{method} {path} {status} is not problem+json");
                }
            }
        }
        // The bodies the token and feed endpoints read themselves.
        Assert.Contains("application/x-www-form-urlencoded", document.Paths["/api/token"].Operations![HttpMethod.Post].RequestBody!.Content!.Keys);
        Assert.Contains("text/csv", document.Paths["/api/establishments/{establishment}/population"].Operations![HttpMethod.Post].RequestBody!.Content!.Keys);
        // Examples for the main calls.
        Assert.NotNull(document.Paths["/api/token"].Operations![HttpMethod.Post].Responses!["200"].Content!["application/json"].Example);
        Assert.NotNull(document.Paths["/api/returns/{period}"].Operations![HttpMethod.Get].Responses!["200"].Content!["application/json"].Example);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    /// <summary>
    /// Each path of the document appears as a request URL in an integration test's source (parameters filled in), so no
    /// endpoint is published without a test calling it.
    /// </summary>
    [Fact]
    public async Task Every_path_in_the_document_is_called_by_an_integration_test()
    {
        var paths = JsonDocument.Parse(await DocumentAsync()).RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.NotEmpty(paths);
        var sources = string.Join("\n", Directory.GetFiles(TestsFolder(), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.EndsWith(nameof(ApiDocumentTests) + ".cs"))
            .Select(File.ReadAllText));
        var uncovered = paths.Where(p =>
        {
            // "/api/establishments/{establishment}/kpis" matches "/api/establishments/BMI/kpis", "/api/establishments/{code}/kpis" ...
            var pattern = "\"" + string.Join(@"[^""/?]+", Parameter().Split(p).Select(Regex.Escape)) + @"(""|\?)";
            return !Regex.IsMatch(sources, pattern) && !Regex.IsMatch(sources, "\\$" + pattern);
        }).ToList();
        Assert.True(uncovered.Count == 0, "No test calls: " + string.Join(", ", uncovered));
    }

    private static string TestsFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "VisitsCapture.IntegrationTests")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("The repository's tests folder was not found."), "tests", "VisitsCapture.IntegrationTests");
    }
}
