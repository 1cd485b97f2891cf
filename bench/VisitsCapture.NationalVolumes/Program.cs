using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Population;
using VisitsCapture.Core.Returns;
using VisitsCapture.Web.Configuration;
using VisitsCapture.Web.Demo;

// Issue 13: the reporting pages, the monthly returns run and the KPI summary rebuild at national volumes. Seeds the
// database once (demo seed at Demo:Scale, default 1 = national volumes) and reuses it; then, on the app's own services
// over real HTTP on loopback, signed in as the demo governor and pathway lead, it times every page they open, the
// returns run of the last complete month, the summary rebuild of every demo month, and a hand-written SQL aggregate of
// the same month's counts as the floor to compare with.
var options = args.Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a.Length > 1 ? a[1] : "", StringComparer.OrdinalIgnoreCase);
var postgres = options.GetValueOrDefault("postgres");
var database = options.GetValueOrDefault("db") ?? Path.Combine(Path.GetTempPath(), "vc-national", "visits.db");
var scale = options.TryGetValue("scale", out var s) ? s : "1";
var requests = options.TryGetValue("requests", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 20;
// Requests per page before timing: .NET compiles a method again, optimised, after about 30 calls (tiered compilation),
// so the first requests of a new process run slower code than a server that has been up for a while.
var warmUps = options.TryGetValue("warmups", out var w) ? int.Parse(w, CultureInfo.InvariantCulture) : 10;
// Parts to run (all by default): sql, returns, summaries, pages; "pages=population" keeps only the pages whose path has that text.
var parts = options.TryGetValue("run", out var only) ? only.Split(',') : ["sql", "returns", "summaries", "pages"];
var pageFilter = options.GetValueOrDefault("pages") ?? "";
const string Password = "families-do-matter";

var web = FindWebProject();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = web });
if (postgres is null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(database))!);
}
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:VisitsCapture"] = postgres ?? $"Data Source={Path.GetFullPath(database)}",
    ["Database:Provider"] = postgres is null ? "Sqlite" : "Postgres",
    ["Demo:Scale"] = scale,
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

Console.WriteLine($"VisitsCapture national volumes: {(postgres is null ? "SQLite " + Path.GetFullPath(database) : "PostgreSQL")}; {Environment.ProcessorCount} cores, " +
                  $"{(IsRelease() ? "Release" : "Debug")} build, load average {LoadAverage()}");
if (!await WithDbAsync(db => db.Establishments.AnyAsync()))
{
    Console.WriteLine($"Seeding at Demo:Scale={scale} (once; later runs reuse the database)…");
    using var scope = app.Services.CreateScope();
    await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider).SeedAsync(Console.Out, CancellationToken.None);
}
var volumes = await WithDbAsync(async db => (Visits: await db.Visits.CountAsync(), Records: await db.PopulationRecords.CountAsync(),
    Establishments: await db.Establishments.CountAsync()));
var month = options.TryGetValue("month", out var m) ? YearMonth.Parse(m) : TimeProvider.System.LastCompleteMonth();
Console.WriteLine($"{volumes.Establishments:N0} establishments, {volumes.Visits:N0} visits, {volumes.Records:N0} prisoner records; month {month}");
Console.WriteLine();
// CPU: the process's CPU time (app and client) per run, the figure least disturbed by other work on the machine.
Console.WriteLine("| what | runs | p50 ms | p95 ms | max ms | CPU ms per run | load average |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");

// The floor: the month's counts (sessions, visits, prisoners visited, population) by hand-written grouped SQL.
if (parts.Contains("sql"))
{
    await TimeAsync("hand-written SQL aggregate of the month's counts", 5, () => WithDbAsync(db => HandWrittenAggregateAsync(db, month)));
}

// The returns run of `returns generate --month`: the month's counts, comparisons and 125 new returns (the month's
// returns are deleted first, so every run makes all of them), then runs that find them all unchanged. The first run of
// the process is timed on its own: it compiles every method and query on the way (the JIT; EF's query compiler), as the
// command line does in a new process. The runs timed after it follow two more, as in a service that has been running:
// the p50 of five runs with the first three among them measured the compiler more than the run.
if (parts.Contains("returns"))
{
    async Task NewReturnsAsync()
    {
        await WithDbAsync(db => db.MonthlyReturns.Where(x => x.Month == month.Key).ExecuteDeleteAsync());
        // From the database each time, as `returns generate` does in a new process: nothing kept from the run before.
        ForgetKeptData();
        await WithScopeAsync(sp => sp.GetRequiredService<ReturnGenerator>().GenerateMonthAsync(month, CancellationToken.None));
    }
    await TimeAsync($"returns run {month}, all returns new, first run of the process (cold)", 1, NewReturnsAsync);
    await TimeAsync($"returns run {month}, all returns new", 5, NewReturnsAsync, warmUpRuns: 2);
    await TimeAsync($"returns run {month}, all unchanged", 5, async () =>
    {
        ForgetKeptData();
        await WithScopeAsync(sp => sp.GetRequiredService<ReturnGenerator>().GenerateMonthAsync(month, CancellationToken.None));
    });
}

// The KPI summary rebuild of the demo seed: every month of the 24.
var months = YearMonth.Range(month.AddMonths(-23), month).ToList();
if (parts.Contains("summaries"))
{
    await TimeAsync($"KPI summary rebuild, {months.Count} months", 1, () => WithScopeAsync(async sp =>
    {
        ForgetKeptData();
        var store = sp.GetRequiredService<MonthlyKpiStore>();
        foreach (var each in months)
        {
            await store.RefreshAsync(each, CancellationToken.None);
        }
        return 0;
    }));
}

await app.StartAsync();
var baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
var group = await WithScopeAsync(async sp =>
{
    var bmi = await sp.GetRequiredService<VisitsDbContext>().Establishments.SingleAsync(e => e.Code == "BMI");
    return (await sp.GetRequiredService<FamilyGroups>().MembershipsAsync(month)).GetValueOrDefault(bmi.Id)?.Name;
});
var governor = await SignedInAsync("governor.bmi");
var lead = await SignedInAsync("pathway.lead");
var groupPath = group is null ? null : "/family-groups/" + Uri.EscapeDataString(group) + $"?period={month}";
(string Who, HttpClient Client, string? Path)[] pages =
[
    ("governor", governor, $"/establishments/BMI/dashboard?month={month}"),
    ("governor", governor, $"/establishments/BMI/population?month={month}"),
    ("governor", governor, "/establishments/BMI/no-visits"),
    ("governor", governor, "/establishments/BMI/returns"),
    ("governor", governor, $"/establishments/BMI/returns/{month}"),
    ("governor", governor, groupPath),
    ("pathway lead", lead, $"/population?month={month}"),
    ("pathway lead", lead, $"/national?period={month}"),
    ("pathway lead", lead, $"/family-groups?period={month}"),
    ("pathway lead", lead, groupPath),
    ("pathway lead", lead, $"/returns?month={month}"),
    ("pathway lead", lead, $"/establishments/BMI/dashboard?month={month}"),
    ("pathway lead", lead, $"/establishments/BMI/population?month={month}"),
];
foreach (var (who, client, path) in pages.Where(p => parts.Contains("pages") && p.Path is not null && p.Path.Contains(pageFilter, StringComparison.Ordinal)))
{
    await TimeAsync($"{who} GET {path}", requests, async () =>
    {
        using var response = await client.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        }
    }, warmUps);
}
await app.StopAsync();
return 0;

async Task TimeAsync(string what, int runs, Func<Task> action, int warmUpRuns = 0)
{
    for (var i = 0; i < warmUpRuns; i++)
    {
        await action();
    }
    var ms = new List<double>();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        await action();
        ms.Add(watch.Elapsed.TotalMilliseconds);
    }
    var cpuPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / runs;
    ms.Sort();
    double P(double p) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(p * ms.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {runs} | {P(0.5):F0} | {P(0.95):F0} | {ms[^1]:F0} | {cpuPerRun:F0} | {LoadAverage()} |"));
}

// What the app keeps between requests, forgotten so that a run is timed as a new process makes it, from the database.
void ForgetKeptData()
{
    app.Services.GetRequiredService<SnapshotRecordsCache>().Clear();
    app.Services.GetRequiredService<PostcodeDistrictCache>().Clear();
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

async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
{
    using var scope = app.Services.CreateScope();
    return await action(scope.ServiceProvider);
}

Task<T> WithDbAsync<T>(Func<VisitsDbContext, Task<T>> action) => WithScopeAsync(sp => action(sp.GetRequiredService<VisitsDbContext>()));

static async Task<int> HandWrittenAggregateAsync(VisitsDbContext db, YearMonth month)
{
    string[] statements =
    [
        """
        SELECT "EstablishmentId", SUM(CASE WHEN "Status" = 'Planned' THEN "CapacityVisits" ELSE 0 END),
               SUM(CASE WHEN "Status" = 'CancelledByEstablishment' THEN 1 ELSE 0 END)
        FROM "Sessions" WHERE "Month" = @m AND "Type" <> 'Official' AND "EstablishmentId" IN (SELECT "Id" FROM "Establishments")
        GROUP BY "EstablishmentId"
        """,
        """
        SELECT v."EstablishmentId", SUM(CASE WHEN v."Outcome" = 'Attended' THEN 1 ELSE 0 END),
               SUM(CASE WHEN v."Outcome" = 'Attended' THEN v."Adults" + v."Children0To4" + v."Children5To11" + v."Children12To17" ELSE 0 END),
               SUM(CASE WHEN v."Outcome" = 'Attended' AND s."Type" = 'EnhancedFamily' THEN 1 ELSE 0 END),
               SUM(CASE WHEN v."Outcome" = 'NoShow' THEN 1 ELSE 0 END),
               COUNT(DISTINCT CASE WHEN v."Outcome" = 'Attended' THEN v."Prisoner" END)
        FROM "Visits" v JOIN "Sessions" s ON s."Id" = v."SessionId"
        WHERE v."Month" = @m AND NOT v."Removed" AND s."Type" <> 'Official' AND v."EstablishmentId" IN (SELECT "Id" FROM "Establishments")
        GROUP BY v."EstablishmentId"
        """,
        """
        SELECT "EstablishmentId", AVG("Population"), COUNT(*) FROM "PopulationSnapshots" WHERE "Month" = @m GROUP BY "EstablishmentId"
        """,
        """
        SELECT r."SnapshotId", COUNT(*), COUNT(r."HomeDistrict")
        FROM "PopulationRecords" r JOIN "PopulationSnapshots" p ON p."Id" = r."SnapshotId"
        WHERE p."Month" = @m AND p."Kind" = 'PrisonerLevel'
        GROUP BY r."SnapshotId"
        """,
    ];
    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    var rows = 0;
    foreach (var sql in statements)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@m";
        parameter.Value = month.Key;
        command.Parameters.Add(parameter);
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows++;
        }
    }
    return rows;
}

static string FindWebProject()
{
    foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var web = Path.Combine(dir.FullName, "src", "VisitsCapture.Web");
            if (File.Exists(Path.Combine(dir.FullName, "VisitsCapture.sln")) && Directory.Exists(web))
            {
                return web;
            }
        }
    }
    throw new InvalidOperationException("Run the benchmark from the repository (src/VisitsCapture.Web not found above it).");
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static bool IsRelease() =>
    typeof(MonthlyReturn).Assembly.GetCustomAttributes(false).OfType<DebuggableAttribute>().All(d => !d.IsJITTrackingEnabled)
    && typeof(Marker).Assembly.GetCustomAttributes(false).OfType<DebuggableAttribute>().All(d => !d.IsJITTrackingEnabled);

internal sealed class Marker;
