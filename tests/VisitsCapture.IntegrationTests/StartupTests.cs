using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VisitsCapture.IntegrationTests;

/// <summary>
/// Starts the app the way the README's run command does (`dotnet run --project src/VisitsCapture.Web`, its launch
/// profile seeding demo data into an empty database) and checks the start page and readiness answer.
/// </summary>
public sealed class StartupTests
{
    [Fact]
    public async Task The_readme_run_command_starts_the_app_with_demo_data_on_a_clean_database()
    {
        var root = RepositoryRoot();
        var database = Path.Combine(Path.GetTempPath(), $"vc-startup-{Guid.NewGuid():N}.db");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", $"run --no-build --project src/VisitsCapture.Web --urls http://127.0.0.1:{port}")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__VisitsCapture"] = $"Data Source={database}";
        start.Environment["Demo__Scale"] = "0.02";
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var ready = await WaitForAsync(http, "/health/ready", TimeSpan.FromMinutes(4), process);
            Assert.True(ready, $"The app did not become ready. Output:\n{output}");

            var home = await http.GetAsync("/", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.Contains("Sign in to VisitsCapture", await home.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            lock (output)
            {
                Assert.Contains("http://127.0.0.1:" + port, output.ToString());
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            foreach (var f in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    private static async Task<bool> WaitForAsync(HttpClient http, string path, TimeSpan timeout, Process process)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(path)).StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(500);
        }
        return false;
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
