using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Api;

/// <summary>What the API tests share: issuing a client through the administrator's page, getting a token, calling with it.</summary>
internal static partial class ApiClientsApp
{
    [GeneratedRegex("<code id=\"client-id\">([^<]+)</code>")]
    private static partial Regex ClientIdPattern();

    [GeneratedRegex("<code id=\"client-secret\">([^<]+)</code>")]
    private static partial Regex SecretPattern();

    /// <summary>An administrator creates the client on the API clients page; returns the id and secret shown once.</summary>
    public static async Task<(string Id, string Secret)> IssueAsync(HttpClient admin, string name, string role, string scope, string? establishment = null, string? region = null)
    {
        var response = await admin.PostFormAsync("/admin/api-clients", new()
        {
            ["Form.Name"] = name,
            ["Form.Role"] = role,
            ["Form.Scope"] = scope,
            ["Form.Establishment"] = establishment ?? "",
            ["Form.Region"] = region ?? "",
            ["Form.ExpiryDays"] = "30",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        return (System.Net.WebUtility.HtmlDecode(ClientIdPattern().Match(html).Groups[1].Value), System.Net.WebUtility.HtmlDecode(SecretPattern().Match(html).Groups[1].Value));
    }

    public static Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, string id, string secret) =>
        http.PostAsync("/api/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = id,
            ["client_secret"] = secret,
        }));

    /// <summary>A client (no cookies) that sends the client's bearer token.</summary>
    public static async Task<HttpClient> BearerAsync(AppFactory app, string id, string secret)
    {
        var http = app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        var response = await RequestTokenAsync(http, id, secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        return http;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Asserts an error is problem details (RFC 9457) with the status.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await JsonAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Reads until the condition holds (or ten seconds have passed), for work the app finishes off the request.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        for (var i = 0; ; i++)
        {
            var value = await read();
            if (done(value) || i == 100)
            {
                return value;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Polls an import's status resource until it is done (or a minute has passed).</summary>
    public static async Task<JsonElement> PollAsync(HttpClient http, Uri location)
    {
        for (var i = 0; i < 600; i++)
        {
            var status = await JsonAsync(await http.GetAsync(location), HttpStatusCode.OK);
            if (status.GetProperty("done").GetBoolean())
            {
                return status;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The import did not finish within a minute.");
    }

    /// <summary>A month's latest return (and optionally an earlier, signed-off version) stored as the returns job would.</summary>
    public static Task AddReturnAsync(AppFactory app, string code, YearMonth month, int visitsAttended, double population, int version = 1,
        ReturnStatus status = ReturnStatus.Draft, string group = "Locals") =>
        app.WithDbAsync(async db =>
        {
            var e = await db.Establishments.SingleAsync(x => x.Code == code);
            db.MonthlyReturns.Add(new MonthlyReturn
            {
                EstablishmentId = e.Id, Month = month.Key, Version = version, Status = status, Revised = version > 1,
                RevisionReason = version > 1 ? "Visits attended changed" : null, FamilyGroup = group,
                Counts = new KpiCounts { Population = population, PlacesAvailable = 40, VisitsAttended = visitsAttended, Visitors = visitsAttended * 2 },
                ContentHash = Guid.NewGuid().ToString("N"), GeneratedAt = DateTime.UtcNow,
                SignedOffBy = status == ReturnStatus.SignedOff ? "governor" : null, SignedOffAt = status == ReturnStatus.SignedOff ? DateTime.UtcNow : null,
            });
            await db.SaveChangesAsync();
        });
}
