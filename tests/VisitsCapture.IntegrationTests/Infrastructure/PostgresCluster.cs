using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VisitsCapture.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster on 127.0.0.1 for the tests (no Docker here): initdb into a temporary folder,
/// pg_ctl start on a free port, stopped and deleted afterwards. Missing PostgreSQL fails the tests loudly.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"vc-pg-{Guid.NewGuid():N}");
    private string _bin = "";

    public int Port { get; private set; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=30";

    public async ValueTask InitializeAsync()
    {
        _bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no initdb found under /usr/lib/postgresql/*/bin): run ./test.sh, which installs it, or apt-get install postgresql.");
        Port = FreePort();
        Directory.CreateDirectory(_folder);
        var data = Path.Combine(_folder, "data");
        if (Environment.UserName == "root")
        {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres user the package creates.
            await RunAsync("chown", $"postgres {_folder}");
        }
        await RunAsPostgresAsync(Path.Combine(_bin, "initdb"), $"-D {data} -A trust -U postgres -E UTF8 --no-sync");
        await RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"),
            $"-D {data} -l {_folder}/log -w -t 60 -o \"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), $"-D {Path.Combine(_folder, "data")} -m immediate -w stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunAsPostgresAsync(string file, string arguments) =>
        Environment.UserName == "root" ? RunAsync("runuser", $"-u postgres -- {file} {arguments}") : RunAsync(file, arguments);

    private static async Task RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await output} {await error}");
        }
    }
}
