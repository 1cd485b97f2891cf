using Npgsql;
using VisitsCapture.Core.Data;

namespace VisitsCapture.Web.Configuration;

/// <summary>
/// Serialises the schema steps (EF migrations, Hangfire's PostgreSQL schema, demo seeding) of app instances and commands
/// sharing one PostgreSQL database: a session-level advisory lock on a connection of its own, held around the steps and
/// released after, so instances starting together queue instead of racing ("duplicate key" in Hangfire's installer).
/// SQLite has a single instance: nothing is taken.
/// </summary>
public static class SchemaLock
{
    /// <summary>The advisory lock key of the schema steps ("VCschema" as ASCII).</summary>
    public const long Key = 0x5643_7363_6865_6D61;

    public static async Task<IAsyncDisposable> AcquireAsync(DatabaseProvider provider, string connectionString, CancellationToken ct)
    {
        if (provider != DatabaseProvider.Postgres)
        {
            return Nothing.Instance;
        }
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            take.Parameters.AddWithValue("key", Key);
            // Waits as long as the other instance's steps take (a long migration), not the default 30 s.
            take.CommandTimeout = 0;
            await take.ExecuteNonQueryAsync(ct);
            return new Held(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                release.Parameters.AddWithValue("key", Key);
                await release.ExecuteNonQueryAsync();
            }
            finally
            {
                // Closing the session (Pooling=false, or a pooled connection reset) would release it too.
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
