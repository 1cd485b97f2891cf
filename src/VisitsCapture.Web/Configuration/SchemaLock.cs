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

    public static async Task<IAsyncDisposable> AcquireAsync(DatabaseProvider provider, string connectionString, CancellationToken ct) =>
        (await AdvisoryLock.TakeAsync(provider, connectionString, Key, wait: true, ct))!;
}
