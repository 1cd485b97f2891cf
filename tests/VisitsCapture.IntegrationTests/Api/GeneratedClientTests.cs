using System.Net;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;
using static VisitsCapture.IntegrationTests.Api.ApiClientsApp;

namespace VisitsCapture.IntegrationTests.Api;

/// <summary>
/// What an API user does with the document: generate a C# client from it (NSwag, a maintained generator), compile it
/// (Roslyn), and call the API with a client's bearer token.
/// </summary>
public sealed class GeneratedClientTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    [Fact]
    public async Task A_client_generated_from_the_document_calls_the_api_with_a_token()
    {
        await App.AddEstablishmentAsync("GEN", region: "North West");
        await AddReturnAsync(App, "GEN", new YearMonth(2025, 5), visitsAttended: 40, population: 700);
        await App.AddUserAsync("gen-admin", Roles.Administrator, null);
        var (id, secret) = await IssueAsync(await App.SignedInAsync("gen-admin"), "generated-client", Roles.PathwayLead, "national");
        var http = await BearerAsync(App, id, secret);

        var document = await OpenApiDocument.FromJsonAsync(await http.GetStringAsync("/openapi/v1.json"));
        var code = new CSharpClientGenerator(document, new CSharpClientGeneratorSettings
        {
            ClassName = "VisitsCaptureClient",
            CSharpGeneratorSettings = { Namespace = "Generated" },
            UseBaseUrl = false,
            GenerateClientInterfaces = false,
            OperationNameGenerator = new NSwag.CodeGeneration.OperationNameGenerators.SingleClientFromOperationIdOperationNameGenerator(),
        }).GenerateFile();

        var assembly = Compile(code);
        var clientType = assembly.GetType("Generated.VisitsCaptureClient", throwOnError: true)!;
        var client = Activator.CreateInstance(clientType, http)!;

        // GET /api/returns/{period}: the nation in May 2025.
        var returns = await CallAsync(client, "ReturnsApi_PeriodAsync", new() { ["period"] = "2025-05", ["level"] = "national" });
        var rows = Property(returns, "Rows");
        Assert.Equal(1, Convert.ToInt32(Property(rows, "Total")));
        var nation = ((System.Collections.IEnumerable)Property(rows, "Items")!).Cast<object>().Single();
        Assert.Equal("England and Wales", Property(nation, "Name"));
        var visits = ((System.Collections.IEnumerable)Property(nation, "Kpis")!).Cast<object>().Single(k => (string?)Property(k, "Kpi") == "VisitsAttended");
        Assert.Equal(40.0, Convert.ToDouble(Property(visits, "Value")));

        // A refusal arrives as the generator's exception with the status code.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => CallAsync(client, "ReturnsApi_PeriodAsync", new() { ["period"] = "not-a-period" }));
        Assert.Equal((int)HttpStatusCode.BadRequest, Convert.ToInt32(refused.GetType().GetProperty("StatusCode")!.GetValue(refused)));
    }

    private static Assembly Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([typeof(Newtonsoft.Json.JsonConvert).Assembly.Location])
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("GeneratedClient", [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return Assembly.Load(stream.ToArray());
    }

    /// <summary>Calls the generated method (the overload without a cancellation token) with named arguments.</summary>
    private static async Task<object?> CallAsync(object client, string method, Dictionary<string, object?> arguments)
    {
        var m = client.GetType().GetMethods().Single(x => x.Name == method && x.GetParameters().All(p => p.ParameterType != typeof(CancellationToken)));
        var args = m.GetParameters().Select(p => arguments.GetValueOrDefault(p.Name!)).ToArray();
        var task = (Task)m.Invoke(client, args)!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task);
    }

    private static object? Property(object? o, string name) => o!.GetType().GetProperty(name)!.GetValue(o);
}
