using Npgsql;

namespace VisitsCapture.Core.Data;

/// <summary>
/// A PostgreSQL session-level advisory lock on a connection of its own, held until disposed: how app instances sharing
/// one database take turns (the schema steps, the monthly returns runs). SQLite has a single instance: nothing is taken.
/// </summary>
public static class AdvisoryLock
{
    /// <summary>
    /// Takes the lock <paramref name="key"/>: waited for as long as the holder needs (no command time-out) when
    /// <paramref name="wait"/>, else tried once and null when another session holds it.
    /// </summary>
    public static async Task<IAsyncDisposable?> TakeAsync(DatabaseProvider provider, string connectionString, long key, bool wait, CancellationToken ct)
    {
        if (provider != DatabaseProvider.Postgres)
        {
            return Nothing.Instance;
        }
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var take = new NpgsqlCommand(wait ? "SELECT pg_advisory_lock(@key)::text" : "SELECT pg_try_advisory_lock(@key)::text", connection);
            take.Parameters.AddWithValue("key", key);
            take.CommandTimeout = 0;
            var result = (string?)await take.ExecuteScalarAsync(ct);
            if (!wait && result != "true")
            {
                await connection.DisposeAsync();
                return null;
            }
            return new Held(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                release.Parameters.AddWithValue("key", key);
                await release.ExecuteNonQueryAsync();
            }
            finally
            {
                // Closing the session would release it too.
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
