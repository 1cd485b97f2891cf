using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VisitsCapture.HallLoad;

/// <summary>
/// A throwaway PostgreSQL cluster for the benchmark, started as the integration tests start theirs (initdb and
/// pg_ctl from Debian's package, in a temporary folder, on a free port), but durable like a real server: fsync and
/// synchronous_commit stay on, as an acknowledged visit must survive a power cut on SQLite too.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _bin;
    private readonly int _port;

    private BenchPostgres(string folder, string bin, int port) => (_folder, _bin, _port) = (folder, bin, port);

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database}";

    public static async Task<BenchPostgres> StartAsync(string parent)
    {
        var bin = (Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
                : null)
            ?? throw new InvalidOperationException("PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin): apt-get install postgresql.");
        var folder = Path.Combine(parent, "pg");
        Directory.CreateDirectory(folder);
        if (Environment.UserName == "root")
        {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres user the package creates.
            await RunAsync("chown", $"postgres {parent} {folder}");
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var cluster = new BenchPostgres(folder, bin, port);
        await cluster.RunAsPostgresAsync("initdb", $"-D {folder}/data -A trust -U postgres -E UTF8");
        await cluster.RunAsPostgresAsync("pg_ctl", $"-D {folder}/data -l {folder}/log -w -t 60 -o \"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200\" start");
        await cluster.RunAsPostgresAsync("psql", $"-h 127.0.0.1 -p {port} -U postgres -c \"CREATE DATABASE hall\"");
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsPostgresAsync("pg_ctl", $"-D {_folder}/data -m immediate -w stop");
        Directory.Delete(_folder, recursive: true);
    }

    private Task RunAsPostgresAsync(string tool, string arguments) =>
        Environment.UserName == "root" ? RunAsync("runuser", $"-u postgres -- {Path.Combine(_bin, tool)} {arguments}") : RunAsync(Path.Combine(_bin, tool), arguments);

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
