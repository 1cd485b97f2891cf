using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.Web.CommandLine;

namespace VisitsCapture.IntegrationTests.Returns;

/// <summary>`returns generate` and `returns export`, in process and as the real command line.</summary>
public sealed class ReturnsCommandTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;
    private static readonly YearMonth April = new(2025, 4);
    private static readonly SemaphoreSlim Arranged = new(1, 1);
    private static bool _arranged;

    private async Task ArrangeAsync()
    {
        await Arranged.WaitAsync();
        try
        {
            if (!_arranged)
            {
                await App.AddEstablishmentAsync("RCA");
                await App.AddEstablishmentAsync("RCB");
                await ReturnsData.GroupAsync(App, "Male locals", 202501, "RCA", "RCB");
                await ReturnsData.MonthAsync(App, April, "RCA", "RCB");
                _arranged = true;
            }
        }
        finally
        {
            Arranged.Release();
        }
    }

    private async Task<string> RunAsync(params string[] args)
    {
        using var scope = App.Services.CreateScope();
        using var output = new StringWriter();
        Assert.Equal(0, await ReturnsCommand.RunAsync(scope.ServiceProvider, args, output, CancellationToken.None));
        return output.ToString();
    }

    [Fact]
    public async Task Generate_then_export_csv_and_xlsx()
    {
        await ArrangeAsync();
        var first = await RunAsync("generate", "--month", "2025-04");
        var second = await RunAsync("generate", "--month", "2025-04");
        Assert.Contains("returns generate 2025-04: generated 2, unchanged 0, revised 0", first + second);
        Assert.Contains("returns generate 2025-04: generated 0, unchanged 2, revised 0", second);

        var csvPath = Path.Combine(Path.GetTempPath(), $"vc-returns-{Guid.NewGuid():N}.csv");
        var xlsxPath = Path.ChangeExtension(csvPath, ".xlsx");
        try
        {
            Assert.Contains("2 establishments written to", await RunAsync("export", "--month", "2025-04", "--format", "csv", "--out", csvPath));
            var lines = await File.ReadAllLinesAsync(csvPath);
            Assert.Equal(
            [
                "establishment,month,version,status,family_group,population,places_available,capacity_ratio,visits_attended,visits_per_100_prisoners,visitors,child_visitors,child_visitors_per_100_prisoners,enhanced_family_visits,utilisation_pct,prisoner_reach_pct,no_show_pct,sessions_lost,mean_distance_miles,median_distance_miles,pli_pct,unknown_home_count,arrivals,arrivals_visited_pct,leavers,leavers_visited_pct,nearer_to_home_count",
                "RCA,2025-04,1,Draft,Male locals,200,16,0.08,3,1.50,8,4,2.00,1,18.75,1.00,25.00,1,,,,,,,,,",
                "RCB,2025-04,1,Draft,Male locals,100,20,0.20,4,4.00,4,0,0.00,0,20.00,4.00,0.00,0,,,,,,,,,",
            ], lines);

            await RunAsync("export", "--month", "2025-04", "--format", "XLSX", "--out", xlsxPath);
            Assert.Equal(["Establishments", "Family groups", "Regions", "National"], MiniExcel.GetSheetNames(xlsxPath));
            var national = MiniExcel.Query(xlsxPath, useHeaderRow: true, sheetName: "National").Cast<IDictionary<string, object?>>().Single();
            // 100 × (3 + 4) / (200 + 100) = 2.33: a ratio of sums.
            Assert.Equal(2.33, Convert.ToDouble(national["visits_per_100_prisoners"], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(csvPath);
            File.Delete(xlsxPath);
        }
    }

    [Theory]
    [InlineData("Give the month with --month YYYY-MM", "generate")]
    [InlineData("\"2025-13\" is not a month", "generate", "--month", "2025-13")]
    [InlineData("Unknown option --months", "generate", "--months", "2025-04")]
    [InlineData("Give the file format with --format csv or --format xlsx", "export", "--month", "2025-04", "--out", "x.csv")]
    [InlineData("Unknown format \"pdf\"", "export", "--month", "2025-04", "--format", "pdf", "--out", "x.pdf")]
    [InlineData("Give the file to write with --out <path>", "export", "--month", "2025-04", "--format", "csv")]
    [InlineData("There are no returns for 2019-01", "export", "--month", "2019-01", "--format", "csv", "--out", "x.csv")]
    [InlineData("2999-01 has not ended yet", "generate", "--month", "2999-01")]
    [InlineData("Unknown returns command \"publish\"", "publish", "--month", "2025-04")]
    public async Task Bad_arguments_are_refused_with_a_clear_message(string message, params string[] args)
    {
        using var scope = App.Services.CreateScope();
        var e = await Assert.ThrowsAsync<CommandException>(() => ReturnsCommand.RunAsync(scope.ServiceProvider, args, TextWriter.Null, CancellationToken.None));
        Assert.Contains(message, e.Message);
    }

    /// <summary>The real binary: exit codes and messages, and no job server (a command never starts the host).</summary>
    [Fact]
    public async Task The_command_line_exits_zero_on_success_and_non_zero_with_a_message_on_error()
    {
        await ArrangeAsync();
        // March, not April: Generate_then_export_csv_and_xlsx must be the first to generate April, whatever the order.
        var ok = await CliAsync("returns", "generate", "--month", "2025-03");
        Assert.True(ok.Exit == 0, ok.Error);
        Assert.Matches(@"returns generate 2025-03: generated \d, unchanged \d, revised 0", ok.Output);
        Assert.DoesNotContain("Starting Hangfire Server", ok.Output + ok.Error);

        var bad = await CliAsync("returns", "generate", "--month", "April");
        Assert.Equal(1, bad.Exit);
        Assert.Contains("error: \"April\" is not a month", bad.Error);
        var format = await CliAsync("returns", "export", "--month", "2025-04", "--format", "pdf", "--out", "x.pdf");
        Assert.Equal(1, format.Exit);
        Assert.Contains("error: Unknown format \"pdf\"", format.Error);
    }

    private async Task<(int Exit, string Output, string Error)> CliAsync(params string[] args)
    {
        var web = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(web)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(web);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["ConnectionStrings__VisitsCapture"] = $"Data Source={App.DatabaseFile}";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ReferenceData__Path"] = SharedData.Folder;
        start.Environment["Logging__LogLevel__Default"] = "Information";
        // Hangfire logs "Starting Hangfire Server" at Information: it would show here if a command started one.
        start.Environment["Logging__LogLevel__Hangfire"] = "Information";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
