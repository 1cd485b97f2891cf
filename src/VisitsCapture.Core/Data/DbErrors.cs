using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace VisitsCapture.Core.Data;

public static class DbErrors
{
    /// <summary>
    /// True when a save failed on a unique index, in SQLite (extended code 2067) or PostgreSQL (SQLSTATE 23505):
    /// the way to make "insert once" safe under races, instead of checking first.
    /// </summary>
    public static bool IsUniqueViolation(this DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteExtendedErrorCode == 2067 || s.SqliteExtendedErrorCode == 1555,
        Npgsql.PostgresException p => p.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>
    /// True when the database cannot take writes for now: disk full, read-only (file, folder or mount), locked or busy
    /// (SQLite 13, 8, 6, 5), or PostgreSQL's disk full, read-only transaction and too many connections. The request
    /// is answered 503 with Retry-After rather than 500: nothing is wrong with it, and it will work once fixed.
    /// SQLite 14 (cannot open) is a folder that cannot be written or a file that cannot be created.
    /// </summary>
    public static bool IsUnavailable(Exception? e) => e switch
    {
        null => false,
        SqliteException s => s.SqliteErrorCode is 13 or 8 or 6 or 5 or 14,
        Npgsql.PostgresException p => p.SqlState is Npgsql.PostgresErrorCodes.DiskFull or Npgsql.PostgresErrorCodes.ReadOnlySqlTransaction
            or Npgsql.PostgresErrorCodes.TooManyConnections,
        _ => IsUnavailable(e.InnerException),
    };
}
