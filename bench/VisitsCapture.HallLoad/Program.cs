using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.HallLoad;
using VisitsCapture.Web.Configuration;

// The write path under load (issue #10 item 7, docs/performance.md): tablets, each signed in separately with its own
// cookie and antiforgery token, log a visit every 2 s over real HTTP on loopback; 5% of visits are double taps (the
// same client id sent twice at once) and 2% racing retries (sent again while the first send may still be in flight);
// a governor reloads the KPI dashboard of the current month every second. Then every acknowledged visit must be
// stored exactly once. Options: --tablets 50 --seconds 40 [--warmup 5] [--postgres].
var tablets = Option("--tablets", 50);
var seconds = Option("--seconds", 40);
var warmup = Option("--warmup", 5);
var postgres = args.Contains("--postgres");
const string Password = "hall load benchmark password";
var folder = Directory.CreateTempSubdirectory("vc-hall-").FullName;

await using var cluster = postgres ? await BenchPostgres.StartAsync(folder) : null;
var connectionString = cluster?.ConnectionString("hall") ?? $"Data Source={Path.Combine(folder, "hall.db")}";
var raw = cluster is null ? RawSqliteInserts(Path.Combine(folder, "raw.db")) : await RawPostgresInsertsAsync(cluster.ConnectionString("postgres"));

using var waits = new WaitRecorder();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:VisitsCapture"] = connectionString,
    ["Database:Provider"] = postgres ? "Postgres" : "Sqlite",
    ["Security:HttpsOnly"] = "false",
    ["Jobs:Enabled"] = "false",
    // Every tablet signs in from 127.0.0.1: the per-address sign-in limit would turn most of them away.
    ["Security:SignInAttemptsPerMinute"] = "10000",
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
var currentMonth = LondonTime.Today(TimeProvider.System).ToString("yyyy-MM", CultureInfo.InvariantCulture);

Console.WriteLine($"VisitsCapture hall load: {tablets} tablets for {seconds} s after a {warmup} s warm-up, one visit every 2 s each; " +
                  $"{Environment.ProcessorCount} cores, load average {LoadAverage()}, {(IsRelease() ? "Release" : "Debug")} build, " +
                  $"{(postgres ? "PostgreSQL (fsync on, synchronous_commit on)" : "SQLite WAL, synchronous=FULL")}; app, database and load on the same machine.");

var posts = new ConcurrentBag<(double Ms, int Status)>();
var pages = new ConcurrentBag<(double Ms, int Status)>();
var acknowledged = new ConcurrentDictionary<Guid, int>();
var clients = await Task.WhenAll(Enumerable.Range(1, tablets).Select(t => SignedInAsync($"tablet{t}", withToken: true)));
var governor = await SignedInAsync("governor", withToken: false);
var measureFrom = DateTime.UtcNow.AddSeconds(warmup);
var until = measureFrom.AddSeconds(seconds);
var random = new Random(42);
var work = clients.Select((c, i) => TabletAsync(c, i + 1, new Random(random.Next()))).Append(GovernorAsync(governor)).ToList();
await Task.WhenAll(work);
var loadAfter = LoadAverage();

var stored = await WithDbAsync(db => db.Visits.CountAsync(v => v.EstablishmentId == establishmentId));
var distinctStored = await WithDbAsync(db => db.Visits.Where(v => v.EstablishmentId == establishmentId).Select(v => v.ClientId).Distinct().CountAsync());
var ackedStored = await WithDbAsync(async db =>
{
    var ids = acknowledged.Keys.ToHashSet();
    return (await db.Visits.Where(v => v.EstablishmentId == establishmentId).Select(v => v.ClientId).ToListAsync()).Count(ids.Contains);
});
Console.WriteLine();
Console.WriteLine($"| what ({(postgres ? "PostgreSQL" : "SQLite")}) | requests | p50 ms | p95 ms | p99 ms | max ms | 5xx |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
Row("POST visit (replays included)", posts);
Row("GET dashboard (current month)", pages);
Console.WriteLine($"| raw single-row insert transaction, same disk | {raw.Count} | {P(raw, 0.5):F2} | {P(raw, 0.95):F2} | {P(raw, 0.99):F2} | {raw[^1]:F2} | |");
Console.WriteLine();
Console.WriteLine(waits.Summary());
Console.WriteLine($"load average at the end: {loadAfter}");
Console.WriteLine($"visits acknowledged: {acknowledged.Count}; of them stored: {ackedStored}; rows stored: {stored} ({distinctStored} distinct client ids); " +
                  $"replays answered 200: {posts.Count(p => p.Status == 200)}; other answers: {string.Join(", ", posts.Where(p => p.Status is not (200 or 201)).GroupBy(p => p.Status).Select(g => $"{g.Key} x{g.Count()}"))}");
await app.StopAsync();
var ok = ackedStored == acknowledged.Count && stored == acknowledged.Count && distinctStored == stored
    && posts.All(p => p.Status < 500) && pages.All(p => p.Status < 500);
Console.WriteLine(ok ? "PASS: every acknowledged visit stored exactly once, no server errors." : "FAIL: visits lost or doubled, or server errors.");
return ok ? 0 : 1;

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

async Task TabletAsync(HttpClient client, int tablet, Random rng)
{
    // Tablets are not in step: each starts at its own moment within the first 2 s.
    await Task.Delay(rng.Next(2000));
    var n = 0;
    while (DateTime.UtcNow < until)
    {
        var next = Task.Delay(2000);
        var measured = DateTime.UtcNow >= measureFrom;
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
        if (roll < 0.05)
        {
            // Double tap: the same visit twice at once.
            await Task.WhenAll(PostAsync(client, id, body, measured), PostAsync(client, id, body, measured));
        }
        else if (roll < 0.07)
        {
            // Racing retry: the outbox sends again before the first answer has arrived.
            var first = PostAsync(client, id, body, measured);
            await Task.Delay(rng.Next(1, 20));
            await Task.WhenAll(first, PostAsync(client, id, body, measured));
        }
        else
        {
            await PostAsync(client, id, body, measured);
        }
        await next;
    }
}

async Task PostAsync(HttpClient client, Guid id, object body, bool measured)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/establishments/LOD/visits") { Content = JsonContent.Create(body) };
    request.Headers.Add("Idempotency-Key", id.ToString());
    var watch = Stopwatch.StartNew();
    using var response = await client.SendAsync(request);
    await response.Content.ReadAsStringAsync();
    if (measured)
    {
        posts.Add((watch.Elapsed.TotalMilliseconds, (int)response.StatusCode));
    }
    if (response.IsSuccessStatusCode)
    {
        acknowledged.TryAdd(id, 0);
    }
}

async Task GovernorAsync(HttpClient client)
{
    while (DateTime.UtcNow < until)
    {
        var next = Task.Delay(1000);
        var measured = DateTime.UtcNow >= measureFrom;
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync($"/establishments/LOD/dashboard?month={currentMonth}");
        await response.Content.ReadAsStringAsync();
        if (measured)
        {
            pages.Add((watch.Elapsed.TotalMilliseconds, (int)response.StatusCode));
        }
        await next;
    }
}

async Task<HttpClient> SignedInAsync(string user, bool withToken)
{
    var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseUrl };
    var html = await client.GetStringAsync("/account/login");
    var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["UserName"] = user, ["Password"] = Password, ["__RequestVerificationToken"] = token,
    }));
    if (response.StatusCode != HttpStatusCode.Redirect)
    {
        throw new InvalidOperationException($"{user} could not sign in");
    }
    if (withToken)
    {
        var api = (await client.GetFromJsonAsync<TokenResponse>("/api/antiforgery/token"))!;
        client.DefaultRequestHeaders.Add(api.Header, api.Token);
    }
    return client;
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

void Row(string what, ConcurrentBag<(double Ms, int Status)> samples)
{
    var ms = samples.Select(s => s.Ms).Order().ToList();
    Console.WriteLine($"| {what} | {ms.Count} | {P(ms, 0.5):F1} | {P(ms, 0.95):F1} | {P(ms, 0.99):F1} | {(ms.Count == 0 ? 0 : ms[^1]):F1} | {samples.Count(s => s.Status >= 500)} |");
}

static double P(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

// The physical limit: one row committed in its own transaction, as the app's SQLite database is set up (WAL,
// synchronous=FULL), on the same disk.
static List<double> RawSqliteInserts(string file)
{
    using var connection = new SqliteConnection($"Data Source={file}");
    connection.Open();
    Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);");
    var times = new List<double>();
    for (var i = 0; i < 1000; i++)
    {
        var watch = Stopwatch.StartNew();
        using (var transaction = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t (v) VALUES ($v)";
            insert.Parameters.AddWithValue("$v", "a visit's worth of text, about a hundred bytes long: A1234BC, Partner, Attended");
            insert.ExecuteNonQuery();
            transaction.Commit();
        }
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    return times;

    static void Execute(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

static async Task<List<double>> RawPostgresInsertsAsync(string connectionString)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using (var create = new NpgsqlCommand("CREATE TABLE raw_insert (id serial PRIMARY KEY, v text NOT NULL)", connection))
    {
        await create.ExecuteNonQueryAsync();
    }
    var times = new List<double>();
    for (var i = 0; i < 1000; i++)
    {
        var watch = Stopwatch.StartNew();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var insert = new NpgsqlCommand("INSERT INTO raw_insert (v) VALUES (@v)", connection, transaction);
            insert.Parameters.AddWithValue("v", "a visit's worth of text, about a hundred bytes long: A1234BC, Partner, Attended");
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    await using (var drop = new NpgsqlCommand("DROP TABLE raw_insert", connection))
    {
        await drop.ExecuteNonQueryAsync();
    }
    times.Sort();
    return times;
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static bool IsRelease() =>
    typeof(TokenResponse).Assembly.GetCustomAttributes(false).OfType<DebuggableAttribute>().All(d => !d.IsJITTrackingEnabled);

internal sealed record TokenResponse(string Token, string Header);
