using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Impact;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Web.CommandLine;
using VisitsCapture.Web.Configuration;
using VisitsCapture.Web.Imports;

namespace VisitsCapture.Web.Demo;

/// <summary>A demo account: one per role, named in the README.</summary>
public sealed record DemoUser(string UserName, string Role, string? EstablishmentCode, string Description);

/// <summary>
/// Fills an empty database with the demo: postcode districts and every active prison through the ordinary
/// importers (so default family groups too), then 24 complete months of synthetic sessions, visits and
/// prisoner-level population (<see cref="DemoActivity"/>), and one demo user per role. All in one transaction:
/// a failed seed leaves the database empty. Demo accounts exist only through this command.
/// </summary>
public sealed class DemoSeeder(
    VisitsDbContext db,
    MonthlyKpiStore summaries,
    IEnumerable<IImporter> importers,
    ImportRunner runner,
    UserManager<AppUser> users,
    IOptions<ReferenceDataOptions> reference,
    IConfiguration configuration,
    TimeProvider clock,
    ImpactQuery impact)
{
    /// <summary>Share of the national population and visit volumes generated; 1 is national scale (slow to insert).</summary>
    public const double DefaultScale = 0.25;
    public const int Months = 24;
    public const string Password = "families-do-matter";

    public static readonly IReadOnlyList<DemoUser> DemoUsers =
    [
        new("staff.bmi", Roles.VisitsStaff, "BMI", "visits hall staff at HMP Birmingham"),
        new("governor.bmi", Roles.Governor, "BMI", "governor of HMP Birmingham"),
        new("pathway.lead", Roles.PathwayLead, null, "children and families pathway lead, national"),
        new("admin", Roles.Administrator, null, "system administrator, national"),
    ];

    public async Task SeedAsync(TextWriter output, CancellationToken ct)
    {
        using var actor = AmbientActor.As("demo seed");
        if (await db.Establishments.AnyAsync(ct))
        {
            throw new CommandException("The database already has establishments, so no demo data was added: demo seed only fills an empty database. "
                + "Use a new database file (ConnectionStrings__VisitsCapture=\"Data Source=db/demo.db\") for a demo.");
        }
        var scale = configuration.GetValue("Demo:Scale", DefaultScale);
        if (!(scale > 0 && scale <= 1))
        {
            throw new CommandException($"Demo:Scale must be more than 0 and at most 1 (1 = national volumes); it is {scale.ToString(CultureInfo.InvariantCulture)}.");
        }
        var outcodes = ReferenceFile("outcodes", "uk_outcode_centroids.csv");
        var register = ReferenceFile("prisons", "prisons_england_wales.csv");
        var last = clock.LastCompleteMonth();
        var first = last.AddMonths(-(Months - 1));

        var total = Stopwatch.StartNew();
        await output.WriteLineAsync($"Demo seed: {Months} months from {first.ToLongString()} to {last.ToLongString()}, at {scale:0.##} of national volumes.");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await UseLargeCacheAsync(true, ct);
        await ImportAsync("outcodes", outcodes, output, ct);
        await ImportAsync("prison-register", register, output, ct);

        var step = Stopwatch.StartNew();
        await output.WriteLineAsync("Generating sessions, visits and population snapshots…");
        var activity = new DemoActivity(db, scale, first, last, output);
        await activity.WriteAsync(ct);
        var c = activity.Counts;
        await output.WriteLineAsync($"  {c.Templates:N0} session templates, {c.Sessions:N0} sessions, {c.Visits:N0} visits, {c.Snapshots:N0} snapshots "
            + $"with {c.PopulationRecords:N0} prisoner records ({c.Prisoners:N0} prisoners) in {step.Elapsed.TotalSeconds:F1} s");

        step.Restart();
        var standards = new DemoStandards(db, clock.LondonToday());
        await standards.WriteAsync(ct);
        await output.WriteLineAsync($"  {standards.Audits:N0} standards audits, {standards.Members:N0} visits team members, {standards.Completions:N0} training completions in {step.Elapsed.TotalSeconds:F1} s");

        DemoInterventions.Add(db, await db.Establishments.AsNoTracking().ToDictionaryAsync(e => e.Code, e => e.Id, ct), first);
        await AddUsersAsync(ct);
        db.AuditEvents.Add(new AuditEvent
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = "demo seed",
            Action = "DemoSeeded",
            EntityType = "Demo",
            After = System.Text.Json.JsonSerializer.Serialize(new { scale, first = first.ToString(), last = last.ToString(), c.Sessions, c.Visits, c.PopulationRecords }),
        });
        await db.SaveChangesAsync(ct);
        step.Restart();
        await transaction.CommitAsync(ct);
        await UseLargeCacheAsync(false, ct);
        await output.WriteLineAsync($"Committed in {step.Elapsed.TotalSeconds:F1} s.");

        // The rows were written in bulk, past the change tracking that keeps the KPI summary fresh: build it now, so
        // dashboards and national views have every demo month from the first page.
        step.Restart();
        foreach (var month in YearMonth.Range(first, last))
        {
            await summaries.RefreshAsync(month, ct);
        }
        await output.WriteLineAsync($"KPI summaries of {Months} months built in {step.Elapsed.TotalSeconds:F1} s.");
        // The figure issue 12 asks for: the impact of every demo intervention on the four KPIs, from the summaries.
        step.Restart();
        var measured = await impact.AllAsync(ct);
        await output.WriteLineAsync($"Impact of {measured.Count} demo interventions computed in {step.Elapsed.TotalSeconds:F2} s. Demo seed finished in {total.Elapsed.TotalSeconds:F1} s.");
        await output.WriteLineAsync($"Demo users (password for all: {Password}):");
        foreach (var u in DemoUsers)
        {
            await output.WriteLineAsync($"  {u.UserName,-14} {u.Role}{(u.EstablishmentCode is null ? "" : " at " + u.EstablishmentCode)}: {u.Description}");
        }
    }

    /// <summary>
    /// SQLite keeps a transaction's changed pages in its page cache (2 MB by default) and spills the rest to the
    /// WAL as it goes. A 256 MB cache for the seed's one big transaction saves about 6 s of system time at the
    /// default scale (docs/performance.md); the default is restored afterwards.
    /// </summary>
    private async Task UseLargeCacheAsync(bool large, CancellationToken ct)
    {
        if (db.IsSqlite)
        {
            await db.Database.ExecuteSqlRawAsync(large ? "PRAGMA cache_size = -262144" : "PRAGMA cache_size = -2000", ct);
            if (!large)
            {
                // The transaction went through the write-ahead log: copy it into the database and shrink the
                // log file now, rather than leave a log as big as the demo beside a running app.
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", ct);
            }
        }
    }

    private string ReferenceFile(params string[] parts)
    {
        var path = reference.Value.File(parts);
        return path is not null && File.Exists(path)
            ? path
            : throw new CommandException($"Demo seed needs the open reference data, but {string.Join('/', parts)} was not found "
                + $"(ReferenceData:Path is \"{reference.Value.Path}\"). Put the shared data folder beside the project or set ReferenceData__Path.");
    }

    private async Task ImportAsync(string kind, string path, TextWriter output, CancellationToken ct)
    {
        var step = Stopwatch.StartNew();
        var importer = importers.Find(kind) ?? throw new InvalidOperationException($"No {kind} importer is registered.");
        var result = await runner.RunAsync(importer, [ImportFile.FromPath(path)], null, ct);
        if (!result.Succeeded)
        {
            throw new CommandException($"Demo seed could not import {path}: {string.Join("; ", result.Errors.Take(5))}");
        }
        await output.WriteLineAsync($"Imported {kind} from {Path.GetFileName(path)}: {result.Summary} ({step.Elapsed.TotalSeconds:F1} s)");
    }

    private async Task AddUsersAsync(CancellationToken ct)
    {
        var codes = DemoUsers.Select(u => u.EstablishmentCode).OfType<string>().Distinct().ToList();
        var establishments = await db.Establishments.Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, e => e.Id, ct);
        foreach (var u in DemoUsers)
        {
            // The demo password is set as a hash, past the password policy: zxcvbn scores "families-do-matter" 2 of 4
            // (PasswordPolicy asks 3), and these accounts exist only in a demo database. Real accounts get the policy.
            var user = new AppUser { UserName = u.UserName };
            user.PasswordHash = users.PasswordHasher.HashPassword(user, Password);
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                throw new CommandException($"Could not create demo user {u.UserName}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            }
            db.RoleGrants.Add(new RoleGrant
            {
                UserId = user.Id,
                Role = u.Role,
                EstablishmentId = u.EstablishmentCode is null ? null : establishments[u.EstablishmentCode],
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
