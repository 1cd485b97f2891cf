using System.Diagnostics;

namespace VisitsCapture.IntegrationTests.Hardening;

/// <summary>Issue 14 item 5: a database that cannot be written at start is one clear line and exit code 1.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task An_unwritable_database_at_start_is_one_clear_line_and_exit_code_1()
    {
        // Read-only by connection string: the tests run as root, to whom a read-only file or folder is still writable.
        var database = Path.Combine(Path.GetTempPath(), $"vc-readonly-{Guid.NewGuid():N}.db");
        await File.WriteAllBytesAsync(database, [], TestContext.Current.CancellationToken);
        var start = new ProcessStartInfo("dotnet", "run --no-build --no-launch-profile --project src/VisitsCapture.Web --urls http://127.0.0.1:0")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__VisitsCapture"] = $"Data Source={database};Mode=ReadOnly";
        start.Environment["Jobs__Enabled"] = "false";
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("The app kept running on a read-only database.");
            }
            var output = await stdout + await stderr;
            Assert.Equal(1, process.ExitCode);
            Assert.Contains("VisitsCapture cannot start: the database cannot be written", output);
            Assert.DoesNotContain("Unhandled exception", output);
            Assert.DoesNotContain("   at ", output);
        }
        finally
        {
            File.Delete(database);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VisitsCapture.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("VisitsCapture.sln not found above the test assembly.");
    }
}
