using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.IntegrationTests.Imports;

namespace VisitsCapture.IntegrationTests.Infrastructure;

/// <summary>
/// The app with a fake clock, by default at Monday 15 June 2026, 10:00 in London (09:00 UTC), so "today", "the same
/// day", the last complete month and stamped times are known. Advance <see cref="Clock"/> to move to another day (then
/// sign in again: cookies expire).
/// </summary>
public class ClockedAppFactory(DateTimeOffset start) : AppFactory
{
    public static readonly DateTimeOffset Start = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);

    public ClockedAppFactory()
        : this(Start)
    {
    }

    public FakeTimeProvider Clock { get; } = new(start);

    public DateOnly Today => Clock.LondonToday();

    /// <summary>The London time now, to the minute, as the hall stamps it.</summary>
    public TimeOnly Now => Clock.LondonTimeOfDay();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class HallFixture() : AppFixture<ClockedAppFactory>(null);

public sealed class PostgresHallFixture(SharedPostgres postgres) : AppFixture<ClockedAppFactory>(postgres);

/// <summary>Arranging a prison's hall and calling the hall's API as the tablet does.</summary>
public static class Hall
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An establishment with a governor "gov-CODE" and a member of staff "staff-CODE".</summary>
    public static async Task<Establishment> PrisonAsync(this AppFactory app, string code)
    {
        var e = await app.AddEstablishmentAsync(code);
        await app.AddUserAsync($"gov-{code}", Roles.Governor, code);
        await app.AddUserAsync($"staff-{code}", Roles.VisitsStaff, code);
        return e;
    }

    public static async Task<Session> SessionAsync(this AppFactory app, Establishment e, DateOnly date, string start = "14:00", string end = "16:00",
        int visits = 20, int visitors = 60, SessionType type = SessionType.Social) =>
        await app.WithDbAsync(async db =>
        {
            var s = new Session
            {
                EstablishmentId = e.Id,
                Start = TimeOnly.Parse(start),
                End = TimeOnly.Parse(end),
                Type = type,
                CapacityVisits = visits,
                CapacityVisitors = visitors,
                Status = SessionStatus.Planned,
            };
            s.SetDate(date);
            db.Sessions.Add(s);
            await db.SaveChangesAsync();
            return s;
        });

    public static object Visit(int sessionId, string prisoner = "A1234BC", int adults = 2, int children0To4 = 1, string? outcome = "Attended",
        string? postcode = "WV10 6AA", string? arrivedAt = "14:05") => new
        {
            sessionId,
            prisoner,
            adults,
            children0To4,
            children5To11 = 0,
            children12To17 = 0,
            relationship = "Partner",
            firstVisit = true,
            visitorPostcode = postcode,
            tableNumber = "7",
            outcome,
            arrivedAt,
        };

    public static async Task<string> ApiTokenAsync(this HttpClient client)
    {
        var response = await client.GetAsync("/api/antiforgery/token");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>Sends JSON with the antiforgery header (as the page's script does) and an optional Idempotency-Key.</summary>
    public static async Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body, string? idempotencyKey = null,
        string? token = null, string? rawBody = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("RequestVerificationToken", token ?? await client.ApiTokenAsync());
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        if (rawBody is not null || body is not null)
        {
            request.Content = new StringContent(rawBody ?? JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        }
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostVisitAsync(this HttpClient client, string code, object body, Guid key, string? token = null) =>
        client.SendJsonAsync(HttpMethod.Post, $"/api/establishments/{code}/visits", body, key.ToString(), token);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Runs an import as the command line does; the text is the CSV file.</summary>
    public static Task<ImportResult> ImportAsync(this AppFactory app, string kind, string csv) =>
        app.ImportAsync(kind, ImportTesting.Csv($"{kind}.csv", csv));
}
