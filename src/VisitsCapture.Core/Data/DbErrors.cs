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
}
