using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Web.Configuration;

// "Nothing lost" in a busy visits hall (ENGINEERING.md §3.7): tablets each log a visit every 2 s over real HTTP on
// loopback, 5% of visits are sent twice (a double tap) and 2% twice at once (a retry racing the first send), while a
// governor refreshes the KPI dashboard every second. Then every acknowledged visit must be stored exactly once.
var tablets = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
const string Password = "hall load benchmark password";
var database = Path.Combine(Directory.CreateTempSubdirectory("vc-hall-").FullName, "hall.db");

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:VisitsCapture"] = $"Data Source={database}",
    ["Database:Provider"] = "Sqlite",
    ["Security:HttpsOnly"] = "false",
    ["Jobs:Enabled"] = "false",
    ["Logging:LogLevel:Default"] = "Warning",
    ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
});
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.AddVisitsCapture();
// The app's controllers and views live in the web assembly, not in this entry assembly.
builder.Services.AddControllersWithViews().AddApplicationPart(typeof(AppSetup).Assembly);
await using var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseVisitsCapture();
await app.StartAsync();
var baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
var (establishmentId, sessionId) = await ArrangeAsync();

Console.WriteLine($"VisitsCapture hall load: {tablets} tablets for {seconds} s, one visit every 2 s each; {Environment.ProcessorCount} cores, " +
                  $"{(IsRelease() ? "Release" : "Debug")} build, SQLite synchronous=FULL; app, database and load on the same machine.");

var posts = new ConcurrentBag<(double Ms, int Status)>();
var pages = new ConcurrentBag<(double Ms, int Status)>();
var acknowledged = new ConcurrentDictionary<Guid, int>();
var until = DateTime.UtcNow.AddSeconds(seconds);
var random = new Random(42);
var work = Enumerable.Range(1, tablets).Select(t => TabletAsync(t, new Random(random.Next()))).Append(GovernorAsync()).ToList();
await Task.WhenAll(work);

var stored = await WithDbAsync(db => db.Visits.CountAsync(v => v.EstablishmentId == establishmentId));
var distinctStored = await WithDbAsync(db => db.Visits.Where(v => v.EstablishmentId == establishmentId).Select(v => v.ClientId).Distinct().CountAsync());
Console.WriteLine();
Console.WriteLine("| what | requests | p50 ms | p95 ms | p99 ms | max ms | 5xx |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
Row("POST visit (incl. replays)", posts);
Row("GET dashboard", pages);
Console.WriteLine();
Console.WriteLine($"visits acknowledged: {acknowledged.Count}; rows stored: {stored} ({distinctStored} distinct client ids); " +
                  $"replays answered 200: {posts.Count(p => p.Status == 200)}");
await app.StopAsync();
var ok = stored == acknowledged.Count && distinctStored == stored && posts.All(p => p.Status < 500) && pages.All(p => p.Status < 500);
Console.WriteLine(ok ? "PASS: every acknowledged visit stored exactly once, no server errors." : "FAIL: visits lost or doubled, or server errors.");
return ok ? 0 : 1;

async Task TabletAsync(int tablet, Random rng)
{
    var client = await SignedInAsync($"tablet{tablet}");
    var token = (await client.GetFromJsonAsync<TokenResponse>("/api/antiforgery/token"))!.Token;
    client.DefaultRequestHeaders.Add("RequestVerificationToken", token);
    var n = 0;
    while (DateTime.UtcNow < until)
    {
        var next = Task.Delay(2000);
        var id = Guid.NewGuid();
        var body = new
        {
            sessionId,
            prisoner = $"{(char)('A' + tablet % 26)}{n++ % 10000:D4}{(char)('A' + rng.Next(26))}{(char)('A' + rng.Next(26))}",
            adults = 1 + rng.Next(2),
            children5To11 = rng.Next(3),
            relationship = "Partner",
            outcome = "Attended",
        };
        var roll = rng.NextDouble();
        if (roll < 0.02)
        {
            await Task.WhenAll(PostAsync(client, id, body), PostAsync(client, id, body));
        }
        else
        {
            await PostAsync(client, id, body);
            if (roll < 0.07)
            {
                await PostAsync(client, id, body);
            }
        }
        await next;
    }
}

async Task PostAsync(HttpClient client, Guid id, object body)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/establishments/LOD/visits") { Content = JsonContent.Create(body) };
    request.Headers.Add("Idempotency-Key", id.ToString());
    var watch = Stopwatch.StartNew();
    using var response = await client.SendAsync(request);
    posts.Add((watch.Elapsed.TotalMilliseconds, (int)response.StatusCode));
    if (response.IsSuccessStatusCode)
    {
        acknowledged.TryAdd(id, 0);
    }
}

async Task GovernorAsync()
{
    var client = await SignedInAsync("governor");
    while (DateTime.UtcNow < until)
    {
        var next = Task.Delay(1000);
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/establishments/LOD/dashboard");
        await response.Content.ReadAsStringAsync();
        pages.Add((watch.Elapsed.TotalMilliseconds, (int)response.StatusCode));
        await next;
    }
}

async Task<HttpClient> SignedInAsync(string user)
{
    var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseUrl };
    var html = await client.GetStringAsync("/account/login");
    var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["UserName"] = user, ["Password"] = Password, ["__RequestVerificationToken"] = token,
    }));
    return response.StatusCode == HttpStatusCode.Redirect ? client : throw new InvalidOperationException($"{user} could not sign in");
}

async Task<(int EstablishmentId, int SessionId)> ArrangeAsync()
{
    using var scope = app.Services.CreateScope();
    var db = scope.ServiceProvider.GetRequiredService<VisitsDbContext>();
    var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
    var e = new Establishment { Code = "LOD", Name = "HMP Load", Region = "West Midlands", Function = "Male local", Latitude = 52.49, Longitude = -1.93 };
    var group = new FamilyGroup { Name = "Male local", Function = "Male local" };
    db.AddRange(e, group);
    await db.SaveChangesAsync();
    db.FamilyGroupMemberships.Add(new FamilyGroupMembership { FamilyGroupId = group.Id, EstablishmentId = e.Id, FromMonth = 200001 });
    var session = new Session { EstablishmentId = e.Id, Start = new(0, 0), End = new(23, 59), Type = SessionType.Social, CapacityVisits = 5000, CapacityVisitors = 15000 };
    session.SetDate(LondonTime.Today(TimeProvider.System));
    db.Sessions.Add(session);
    await db.SaveChangesAsync();
    foreach (var (name, role) in Enumerable.Range(1, tablets).Select(t => ($"tablet{t}", Roles.VisitsStaff)).Append(("governor", Roles.Governor)))
    {
        var user = new AppUser { UserName = name };
        await users.CreateAsync(user, Password);
        db.RoleGrants.Add(new RoleGrant { UserId = user.Id, Role = role, EstablishmentId = e.Id });
    }
    await db.SaveChangesAsync();
    return (e.Id, session.Id);
}

async Task<T> WithDbAsync<T>(Func<VisitsDbContext, Task<T>> action)
{
    using var scope = app.Services.CreateScope();
    return await action(scope.ServiceProvider.GetRequiredService<VisitsDbContext>());
}

static void Row(string what, ConcurrentBag<(double Ms, int Status)> samples)
{
    var ms = samples.Select(s => s.Ms).Order().ToList();
    double P(double p) => ms.Count == 0 ? 0 : ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(p * ms.Count) - 1)];
    Console.WriteLine($"| {what} | {ms.Count} | {P(0.5):F1} | {P(0.95):F1} | {P(0.99):F1} | {(ms.Count == 0 ? 0 : ms[^1]):F1} | {samples.Count(s => s.Status >= 500)} |");
}

static bool IsRelease() =>
    typeof(TokenResponse).Assembly.GetCustomAttributes(false).OfType<DebuggableAttribute>().All(d => !d.IsJITTrackingEnabled);

internal sealed record TokenResponse(string Token, string Header);
