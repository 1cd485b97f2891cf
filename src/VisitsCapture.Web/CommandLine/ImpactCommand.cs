using VisitsCapture.Core.Exports;
using VisitsCapture.Core.Impact;

namespace VisitsCapture.Web.CommandLine;

/// <summary>`impact export --out &lt;path&gt;`: every intervention's impact in DESIGN.md's impact CSV.</summary>
public static class ImpactCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct)
    {
        if (args is not ["export", ..])
        {
            throw new CommandException($"Unknown impact command \"{(args.Length > 0 ? args[0] : "")}\": use `impact export --out <path>`.");
        }
        string? path = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                path = args[++i];
            }
            else
            {
                throw new CommandException(args[i] == "--out" ? "Give the file to write with --out <path>." : $"Unexpected argument \"{args[i]}\". Options: --out.");
            }
        }
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CommandException("Give the file to write with --out <path>.");
        }
        var reports = await services.GetRequiredService<ImpactQuery>().AllAsync(ct);
        var table = ImpactExport.Table(reports);
        var full = Path.GetFullPath(path);
        // Written beside the target and moved into place, so a failure never leaves half a file.
        var temp = full + ".tmp";
        await using (var file = File.Create(temp))
        await using (var writer = new StreamWriter(file, new System.Text.UTF8Encoding(false)))
        {
            TabularExport.WriteCsv(writer, table);
        }
        File.Move(temp, full, overwrite: true);
        output.WriteLine($"impact export: {reports.Count} interventions, {table.Rows.Count} rows written to {full}");
        return 0;
    }
}
