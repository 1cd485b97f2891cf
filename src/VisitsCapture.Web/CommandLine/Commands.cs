using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Imports;
using VisitsCapture.Web.Configuration;
using VisitsCapture.Web.Demo;
using VisitsCapture.Web.Imports;

namespace VisitsCapture.Web.CommandLine;

/// <summary>
/// The command line of DESIGN.md, served by the web binary: import, impact, returns, demo. Every command migrates the
/// database first, prints what it did, and exits non-zero with a clear message on any error.
/// </summary>
public static class Commands
{
    private static readonly string[] Verbs = ["import", "impact", "returns", "demo", "help", "--help"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        using var actor = AmbientActor.As("command line");
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            using var scope = app.Services.CreateScope();
            var services = scope.ServiceProvider;
            if (args[0] is "help" or "--help")
            {
                Console.WriteLine(Usage);
                return 0;
            }
            // Under the schema lock, so a command run while instances start migrates after them, not alongside.
            var provider = app.Configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
            await using (await SchemaLock.AcquireAsync(provider, DataSetup.ConnectionString(app.Configuration, app.Environment, provider), cancel.Token))
            {
                await services.GetRequiredService<VisitsDbContext>().Database.MigrateAsync(cancel.Token);
                await StandardsCatalogue.EnsureShippedAsync(services.GetRequiredService<VisitsDbContext>(), DateTime.UtcNow, cancel.Token);
            }
            return args switch
            {
                ["import", var kind, var path] => await ImportAsync(services, kind, path, cancel.Token),
                ["impact", ..] => await ImpactCommand.RunAsync(services, args[1..], Console.Out, cancel.Token),
                ["demo", "seed"] => await SeedAsync(services, cancel.Token),
                ["returns", "generate", ..] or ["returns", "export", ..] => await ReturnsCommand.RunAsync(services, args[1..], cancel.Token),
                _ => Fail($"Unknown command: {string.Join(' ', args)}\n\n{Usage}"),
            };
        }
        catch (CommandException e)
        {
            return Fail(e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail("Cancelled.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbUpdateException or InvalidOperationException)
        {
            return Fail(e.Message);
        }
    }

    private static async Task<int> ImportAsync(IServiceProvider services, string kind, string path, CancellationToken ct)
    {
        var importers = services.GetServices<IImporter>().ToList();
        var importer = importers.Find(kind)
            ?? throw new CommandException($"Unknown import kind \"{kind}\". Kinds: {string.Join(", ", importers.Select(i => i.Kind).Order())}.");
        var files = ImportSetup.FilesAt(path);
        if (files.Count == 0)
        {
            throw new CommandException($"No CSV files found at {path}.");
        }
        var result = await services.GetRequiredService<ImportRunner>().RunAsync(importer, files, null, ct);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"import {importer.Kind}: {result.Summary}");
            foreach (var error in result.Errors.Take(200))
            {
                Console.Error.WriteLine($"  {error}");
            }
            if (result.Errors.Count > 200)
            {
                Console.Error.WriteLine($"  … and {result.Errors.Count - 200} more.");
            }
            return 1;
        }
        Console.WriteLine($"import {importer.Kind}: {result.Summary}");
        return 0;
    }

    private static async Task<int> SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(services);
        await seeder.SeedAsync(Console.Out, ct);
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }

    public const string Usage = """
        Usage: dotnet run --project src/VisitsCapture.Web -- <command>

          import <kind> <path>     kinds: establishments, family-groups, outcodes, codepoint, prison-register,
                                   population, population-counts, sessions, visits, standards-audits, training, interventions
          impact export --out <path>   every intervention's impact on the four KPIs, as CSV
          returns generate --month YYYY-MM
          returns export --month YYYY-MM --format csv|xlsx --out <path>
          demo seed                fill an empty database with demo data and demo users
        """;
}

/// <summary>An error the user can fix; printed without a stack trace.</summary>
public sealed class CommandException(string message) : Exception(message);
