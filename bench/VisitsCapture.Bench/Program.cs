using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Web.Configuration;
using VisitsCapture.Web.Features.Population;
using VisitsCapture.Web.Imports;
using VisitsCapture.Core.Population;

// Benchmark of the national population import and the pages' queries (docs/performance.md). It builds the app's
// services on a fresh SQLite file, loads 125 establishments and the real district centroids of shared/data, writes a
// synthetic national extract, imports it as `import population` does, re-imports it (every snapshot replaced), then
// imports an extract four times larger to show that memory does not grow with the file.
// With VC_BENCH_POSTGRES set to the connection string of an empty PostgreSQL database, it runs on that instead.
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 90_000;
var work = Directory.CreateTempSubdirectory("vc-bench-");
var database = Path.Combine(work.FullName, "bench.db");
var shared = FindShared();
var postgres = Environment.GetEnvironmentVariable("VC_BENCH_POSTGRES");

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:VisitsCapture"] = postgres ?? $"Data Source={database}",
    ["Database:Provider"] = postgres is null ? "Sqlite" : "Postgres",
    ["Logging:LogLevel:Default"] = "Warning",
});
builder.AddVisitsCapture();
await using var app = builder.Build();

using (var scope = app.Services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<VisitsDbContext>();
    await db.Database.MigrateAsync();
    await SeedAsync(db, shared);
}

var districts = await WithDbAsync(db => db.PostcodeDistricts.Select(d => d.Outcode).OrderBy(o => o).ToListAsync());
var establishments = await WithDbAsync(db => db.Establishments.Select(e => e.Code).OrderBy(c => c).ToListAsync());

Console.WriteLine($"VisitsCapture population import benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
                  $"{(Debugger.IsAttached ? "debugger" : "no debugger")}, {(IsRelease() ? "Release" : "Debug")} build");
Console.WriteLine($"{establishments.Count} establishments, {districts.Count} districts, {(postgres is null ? $"SQLite file {database}" : "PostgreSQL")}");
Console.WriteLine();
Console.WriteLine("| run | rows | file MB | import s | CPU s | rows/s | peak managed heap MB | allocated MB | process peak working set MB |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");

var national = Path.Combine(work.FullName, "national.csv");
WriteExtract(national, rows, establishments, districts, [new DateOnly(2025, 4, 30)]);
ParseOnly(national);
await MeasureAsync("first import", national, rows);
await MeasureAsync("re-import (replaces every snapshot)", national, rows);
var fourMonths = Path.Combine(work.FullName, "four-months.csv");
WriteExtract(fourMonths, rows * 4, establishments, districts,
    [new DateOnly(2025, 1, 31), new DateOnly(2025, 2, 28), new DateOnly(2025, 3, 31), new DateOnly(2025, 4, 30)]);
await MeasureAsync("four snapshot dates in one file", fourMonths, rows * 4);

Console.WriteLine();
Console.WriteLine("| page query (April 2025) | ms (median of 5) |");
Console.WriteLine("| --- | ---: |");
await TimeQueryAsync("national comparison: every establishment and family group", async m =>
{
    var all = await WithDbAsync(db => db.Establishments.AsNoTracking().ToListAsync());
    await m.CompareAsync(all, new YearMonth(2025, 4), CancellationToken.None);
});
await TimeQueryAsync("of which: distance from home of every prisoner (HomeDistances)", async m =>
{
    using var scope = app.Services.CreateScope();
    var db = scope.ServiceProvider.GetRequiredService<VisitsDbContext>();
    var ids = await db.PopulationSnapshots.Where(s => s.Month == 202504).Select(s => s.Id).ToListAsync();
    await scope.ServiceProvider.GetRequiredService<HomeDistances>().ForSnapshotsAsync(ids, CancellationToken.None);
});
await TimeQueryAsync("one establishment's page (24-month trend, movement, breakdowns)", async m =>
{
    var e = await WithDbAsync(db => db.Establishments.AsNoTracking().OrderBy(x => x.Code).FirstAsync());
    await m.ForEstablishmentAsync(e, new YearMonth(2025, 4), CancellationToken.None);
});

Console.WriteLine();
Console.WriteLine($"Records stored: {await WithDbAsync(db => db.PopulationRecords.CountAsync())}" +
    (postgres is null ? $"; database {new FileInfo(database).Length / 1_048_576.0:F1} MB" : ""));
SqliteCleanup();
work.Delete(recursive: true);
return 0;

async Task MeasureAsync(string name, string path, int expectedRows)
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    var baseline = GC.GetTotalMemory(forceFullCollection: true);
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    long peak = 0;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            peak = Math.Max(peak, GC.GetTotalMemory(false));
            await Task.Delay(5);
        }
    });

    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    ImportResult result;
    using (var scope = app.Services.CreateScope())
    {
        var importer = scope.ServiceProvider.GetServices<IImporter>().Find("population")!;
        result = await scope.ServiceProvider.GetRequiredService<ImportRunner>().RunAsync(importer, [ImportFile.FromPath(path)], null, CancellationToken.None);
    }
    clock.Stop();
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    await sampling.CancelAsync();
    await sampler;

    if (!result.Succeeded || result.Rows != expectedRows)
    {
        throw new InvalidOperationException($"{name}: {result.Summary} {string.Join("; ", result.Errors.Take(5))}");
    }
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {result.Rows:N0} | {new FileInfo(path).Length / 1_048_576.0:F1} | {seconds:F2} | {cpu:F2} | {result.Rows / seconds:N0} | " +
        $"{(peak - baseline) / 1_048_576.0:F1} | {(GC.GetTotalAllocatedBytes(true) - allocatedBefore) / 1_048_576.0:F0} | " +
        $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1_048_576.0:F0} |"));
}

// How much of an import is reading the file: the CSV parser and cutting postcodes, no database.
void ParseOnly(string path)
{
    var clock = Stopwatch.StartNew();
    var districtsFound = 0;
    using (var csv = CsvRows.Open(File.OpenRead(path)))
    {
        foreach (var row in csv.Rows())
        {
            districtsFound += VisitsCapture.Core.Measures.PostcodeDistricts.TryParse(row.Raw("home_postcode"), out _) ? 1 : 0;
        }
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| (reading and cutting postcodes only, no database) | {rows:N0} | | {clock.Elapsed.TotalSeconds:F2} | | | | | |"));
}

async Task TimeQueryAsync(string name, Func<PopulationMeasures, Task> query)
{
    var times = new List<double>();
    for (var i = 0; i < 6; i++)
    {
        using var scope = app.Services.CreateScope();
        var measures = scope.ServiceProvider.GetRequiredService<PopulationMeasures>();
        var clock = Stopwatch.StartNew();
        await query(measures);
        if (i > 0)
        {
            times.Add(clock.Elapsed.TotalMilliseconds); // the first run warms up
        }
    }
    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {times[times.Count / 2]:F0} |"));
}

async Task<T> WithDbAsync<T>(Func<VisitsDbContext, Task<T>> action)
{
    using var scope = app.Services.CreateScope();
    return await action(scope.ServiceProvider.GetRequiredService<VisitsDbContext>());
}

void SqliteCleanup() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

static bool IsRelease()
{
#if DEBUG
    return false;
#else
    return true;
#endif
}

// A national extract: prisoners spread over every establishment, homes over real districts, with the unknown homes a
// real extract has (2% no postcode, 1% invalid, 0.5% a district missing from the reference data).
static void WriteExtract(string path, int rows, IReadOnlyList<string> establishments, IReadOnlyList<string> districts, IReadOnlyList<DateOnly> dates)
{
    var random = new Random(20250430);
    string[] sources = ["home", "home", "home", "home", "home", "home", "court", "next_of_kin", "discharge", ""];
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
    writer.WriteLine("establishment,snapshot_date,prisoner,home_postcode,home_source");
    var perDate = rows / dates.Count;
    for (var d = 0; d < dates.Count; d++)
    {
        for (var i = 0; i < perDate; i++)
        {
            // Prison numbers unique within each (establishment, date): A0000AA upwards, by position.
            var n = i / establishments.Count;
            var prisoner = $"{(char)('A' + n / 67_600 % 26)}{n / 676 % 100:D2}{n % 100:D2}{(char)('A' + n / 26 % 26)}{(char)('A' + n % 26)}";
            var roll = random.NextDouble();
            var postcode = roll < 0.02 ? ""
                : roll < 0.03 ? "NOT KNOWN"
                : roll < 0.035 ? "ZZ99 9ZZ"
                : $"{districts[random.Next(districts.Count)]} {random.Next(10)}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}";
            writer.Write(establishments[i % establishments.Count]);
            writer.Write(',');
            writer.Write(dates[d].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(prisoner);
            writer.Write(',');
            writer.Write(postcode);
            writer.Write(',');
            writer.WriteLine(sources[random.Next(sources.Length)]);
        }
    }
}

static async Task SeedAsync(VisitsDbContext db, string? shared)
{
    var random = new Random(125);
    var prisons = new List<(string Code, double Lat, double Lon)>();
    foreach (var row in Rows(shared, "prisons", "prisons_england_wales.csv"))
    {
        if (prisons.Count < 125 && row.Double("latitude") is { } lat && row.Double("longitude") is { } lon)
        {
            prisons.Add((row.Raw("prison_id"), lat, lon));
        }
    }
    for (var i = prisons.Count; i < 125; i++)
    {
        prisons.Add(($"Z{i:D2}", 51 + random.NextDouble() * 3, -3 + random.NextDouble() * 3));
    }
    var group = new FamilyGroup { Name = "All", Function = "Bench" };
    db.FamilyGroups.Add(group);
    foreach (var (code, lat, lon) in prisons)
    {
        db.Establishments.Add(new Establishment { Code = code, Name = "HMP " + code, Region = "West Midlands", Latitude = lat, Longitude = lon });
    }
    await db.SaveChangesAsync();
    db.FamilyGroupMemberships.AddRange(db.Establishments.Local.Select(e => new FamilyGroupMembership { FamilyGroupId = group.Id, EstablishmentId = e.Id, FromMonth = 202401 }));

    foreach (var row in Rows(shared, "outcodes", "uk_outcode_centroids.csv"))
    {
        if (row.Raw("in_use") == "true" && row.Double("latitude") is { } lat && row.Double("longitude") is { } lon)
        {
            db.PostcodeDistricts.Add(new PostcodeDistrict
            {
                Outcode = row.Raw("outcode"), Latitude = lat, Longitude = lon, Country = row.Raw("country"),
                LocalAuthorityCode = row.Text("main_lad_code"), LocalAuthorityName = row.Text("main_lad_name"), Region = row.Text("region"),
                Source = row.Raw("source"),
            });
        }
    }
    if (db.PostcodeDistricts.Local.Count == 0)
    {
        for (var i = 1; i <= 2500; i++)
        {
            db.PostcodeDistricts.Add(new PostcodeDistrict { Outcode = $"Q{i}", Latitude = 50 + random.NextDouble() * 5, Longitude = -4 + random.NextDouble() * 4, Source = "bench" });
        }
    }
    await db.SaveChangesAsync();
}

static IEnumerable<CsvRow> Rows(string? shared, params string[] path)
{
    if (shared is null)
    {
        yield break;
    }
    using var csv = CsvRows.Open(File.OpenRead(Path.Combine([shared, .. path])));
    foreach (var row in csv.Rows())
    {
        yield return row;
    }
}

static string? FindShared()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "shared", "data");
        if (Directory.Exists(candidate))
        {
            return candidate;
        }
    }
    return null;
}
