using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VisitsCapture.Core.Data;

namespace VisitsCapture.Web.Configuration;

/// <summary>
/// Readiness is being able to write, not only to read: one committed, value-preserving update of the latest migration
/// row (a table nothing else writes). A full disk, a read-only file or mount, or a lost database all fail it.
/// </summary>
public sealed class DatabaseWriteCheck(VisitsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.Database.ExecuteSqlRawAsync(
                """UPDATE "__EFMigrationsHistory" SET "ProductVersion" = "ProductVersion" WHERE "MigrationId" = (SELECT MAX("MigrationId") FROM "__EFMigrationsHistory")""",
                cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be written: " + e.Message);
        }
    }
}
