using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Configuration;

/// <summary>
/// The OpenAPI document at /openapi/v1.json: its title and description, the bearer scheme that every operation but the
/// token endpoint needs, and examples of the main calls, so that a generator can make a usable client from it.
/// </summary>
public static class ApiDocument
{
    public const string SchemeName = "Bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, context, ct) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "VisitsCapture API",
                Version = "v1",
                Description = "Visits and family-ties data for prisons in England and Wales: monthly and quarterly returns, KPIs, population "
                    + "feeds and the visits hall's capture calls. Machines use an API client issued by an administrator (Administration > "
                    + "API clients): exchange its id and secret for a bearer token at POST /api/token (client credentials), then send "
                    + "'Authorization: Bearer <token>'. A client holds one role at an establishment, a region or nationally, and sees what a "
                    + "user with that role sees; anything else is 403. Small numbers (counts from 1 to 4) about an establishment are "
                    + "withheld from anyone without a grant there. Every error is application/problem+json (RFC 9457).",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from POST /api/token. Browser pages use their sign-in cookie and an antiforgery token instead.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, ct) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            // Stable operation ids ("ReturnsApi_Period"), so a generated client's method names do not depend on the path.
            if (context.Description.ActionDescriptor is Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor action)
            {
                operation.OperationId ??= $"{action.ControllerName}_{action.ActionName}";
            }
            if (!metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            }
            var path = "/" + context.Description.RelativePath;
            // Every /api error is answered as problem details (Features/Shared/ErrorController for bare status codes),
            // whatever an endpoint's attributes say about the media type.
            foreach (var (status, error) in operation.Responses ?? [])
            {
                if (path.StartsWith("/api/", StringComparison.Ordinal) && status.Length == 3 && status[0] is '4' or '5'
                    && error.Content is { Count: > 0 } errorContent && !errorContent.ContainsKey("application/problem+json"))
                {
                    var media = errorContent.Values.First();
                    errorContent.Clear();
                    errorContent["application/problem+json"] = media;
                }
            }
            if (RequestBodies.TryGetValue((context.Description.HttpMethod ?? "", path), out var body))
            {
                operation.RequestBody = body();
            }
            if (Examples.TryGetValue((context.Description.HttpMethod ?? "", path), out var example) && operation.Responses is { } responses
                && responses.TryGetValue(example.Status, out var response) && response.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = JsonNode.Parse(example.Json);
                }
            }
            return Task.CompletedTask;
        });
    }

    private static OpenApiSchema Text(string? format = null, string? description = null) =>
        new() { Type = JsonSchemaType.String, Format = format, Description = description };

    /// <summary>Bodies these endpoints read themselves (several media types, no model binding), described here.</summary>
    private static readonly Dictionary<(string Method, string Path), Func<OpenApiRequestBody>> RequestBodies = new()
    {
        [("POST", "/api/token")] = () =>
        {
            OpenApiMediaType Credentials() => new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "grant_type" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["grant_type"] = Text(description: "client_credentials"),
                        ["client_id"] = Text(description: "The client id (or send it with the secret as HTTP Basic)"),
                        ["client_secret"] = Text(description: "The client secret, shown once when the client was issued"),
                    },
                },
                Example = JsonNode.Parse("""{"grant_type":"client_credentials","client_id":"vc-3f9a1c2b4d5e6f70","client_secret":"<secret>"}"""),
            };
            return new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/x-www-form-urlencoded"] = Credentials(), ["application/json"] = Credentials() },
            };
        },
        [("POST", "/api/establishments/{establishment}/population")] = () => new OpenApiRequestBody
        {
            Required = true,
            Description = "The population extract as CSV (DESIGN.md's prisoner-level or counts format).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["text/csv"] = new() { Schema = Text(), Example = JsonValue.Create("establishment,snapshot_date,population\nBMI,2025-03-31,1250\n") },
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = Text("binary", "The CSV file") },
                    },
                },
            },
        },
    };

    private static readonly Dictionary<(string Method, string Path), (string Status, string Json)> Examples = new()
    {
        [("POST", "/api/token")] = ("200", """{"access_token":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ2Yy0zZjlhIn0.c2lnbmF0dXJl","token_type":"Bearer","expires_in":900}"""),
        [("GET", "/api/returns/{period}")] = ("200", """{"period":"2025-Q1","monthsInPeriod":3,"level":"national","rows":{"page":1,"pageSize":100,"total":1,"items":[{"key":"England and Wales","name":"England and Wales","region":null,"familyGroup":null,"version":null,"status":null,"revised":false,"returns":363,"population":81234.5,"kpis":[{"kpi":"CapacityRatio","name":"Capacity to deliver visits as a ratio of population","value":1.52,"suppressed":false},{"kpi":"VisitsAttended","name":"Visits attended","value":152340,"suppressed":false}],"unknownHomes":1203,"unknownHomesSuppressed":false}]}}"""),
        [("POST", "/api/establishments/{establishment}/population")] = ("202", """{"id":"6f1c2b1e-9a4e-4a43-9a52-0c6c1f7d2b10","kind":null,"status":"queued","done":false,"rowsRead":0,"rowsTotal":812,"percent":0,"summary":null,"errors":[]}"""),
        [("GET", "/api/population/imports/{id}")] = ("200", """{"id":"6f1c2b1e-9a4e-4a43-9a52-0c6c1f7d2b10","kind":"population","status":"rejected","done":true,"rowsRead":812,"rowsTotal":812,"percent":100,"summary":"Rejected: 1 problem found; nothing was imported.","errors":[{"row":14,"column":"snapshot_date","message":"Enter the snapshot date as YYYY-MM-DD"}]}"""),
    };
}
