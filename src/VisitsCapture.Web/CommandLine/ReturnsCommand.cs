using System.Diagnostics;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Returns;
using VisitsCapture.Web.Features.Returns;
using VisitsCapture.Core.Kpis;

namespace VisitsCapture.Web.CommandLine;

/// <summary>
/// `returns generate --month YYYY-MM`: the month's returns of every establishment (new, unchanged or a revised version).
/// `returns export --month YYYY-MM --format csv|xlsx --out &lt;path&gt;`: the latest version per establishment.
/// </summary>
public static class ReturnsCommand
{
    public static Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct) =>
        RunAsync(services, args, Console.Out, ct);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct)
    {
        var verb = args.Length > 0 ? args[0] : "";
        if (verb is not ("generate" or "export"))
        {
            throw new CommandException($"Unknown returns command \"{verb}\": use `returns generate` or `returns export`.");
        }
        var options = Options(args.Skip(1).ToArray());
        Unexpected(options, verb == "export" ? ["month", "format", "out"] : ["month"]);
        var month = Month(options);
        switch (verb)
        {
            case "generate":
                // A month is returned once it has ended (London date): a running month would only make revisions.
                if (month > services.GetRequiredService<TimeProvider>().LastCompleteMonth())
                {
                    throw new CommandException($"{month} has not ended yet: returns are generated for complete months.");
                }
                var result = await services.GetRequiredService<ReturnGenerator>().GenerateMonthAsync(month, ct);
                output.WriteLine($"returns generate {month}: generated {result.Generated}, unchanged {result.Unchanged}, revised {result.Revised}");
                return 0;
            case "export":
                var format = options.GetValueOrDefault("format")?.ToLowerInvariant() switch
                {
                    null => throw new CommandException("Give the file format with --format csv or --format xlsx."),
                    "csv" => "csv",
                    "xlsx" => "xlsx",
                    var other => throw new CommandException($"Unknown format \"{other}\": use --format csv or --format xlsx."),
                };
                var path = options.GetValueOrDefault("out");
                if (string.IsNullOrWhiteSpace(path))
                {
                    throw new CommandException("Give the file to write with --out <path>.");
                }
                var rollup = await services.GetRequiredService<ReturnRollups>().RollupAsync(month.ToString(), [month], null, national: true, ct);
                if (rollup.Establishments.Count == 0)
                {
                    throw new CommandException($"There are no returns for {month}: run `returns generate --month {month}` first.");
                }
                var full = Path.GetFullPath(path);
                // Written beside the target and moved into place, so a failure never leaves half a file.
                var temp = full + ".tmp";
                await using (var file = File.Create(temp))
                {
                    if (format == "csv")
                    {
                        await using var writer = new StreamWriter(file, new System.Text.UTF8Encoding(false));
                        // The operator's data feed is not a view: exact (DESIGN.md).
                        ReturnExport.WriteCsv(writer, month.ToString(), rollup.Establishments, KpiDisplay.Exact);
                    }
                    else
                    {
                        ReturnExport.WriteXlsx(file, rollup, KpiDisplay.Exact);
                    }
                }
                File.Move(temp, full, overwrite: true);
                output.WriteLine($"returns export {month}: {rollup.Establishments.Count} establishments written to {full}");
                return 0;
            default:
                throw new UnreachableException();
        }
    }

    private static Dictionary<string, string?> Options(string[] args)
    {
        var options = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length < 3)
            {
                throw new CommandException($"Unexpected argument \"{args[i]}\".");
            }
            var name = args[i][2..];
            var value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
            options[name] = value;
        }
        return options;
    }

    private static YearMonth Month(Dictionary<string, string?> options)
    {
        var text = options.GetValueOrDefault("month");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CommandException("Give the month with --month YYYY-MM (for example --month 2025-04).");
        }
        return YearMonth.TryParse(text, out var month)
            ? month
            : throw new CommandException($"\"{text}\" is not a month: use the form YYYY-MM (for example 2025-04).");
    }

    private static void Unexpected(Dictionary<string, string?> options, string[] allowed)
    {
        var unknown = options.Keys.Where(k => !allowed.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new CommandException($"Unknown option --{unknown[0]}. Options: {string.Join(", ", allowed.Select(a => "--" + a))}.");
        }
    }
}
