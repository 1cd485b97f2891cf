using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using VisitsCapture.Core.Data;

namespace VisitsCapture.Web.Features.Admin.Imports;

internal static class ImportTransaction
{
    /// <summary>
    /// A transaction for one import's writes, or null when the caller already holds one (the demo seed runs its
    /// imports inside its own transaction, so that a failed seed leaves nothing behind). Commit only what you own.
    /// </summary>
    public static async Task<IDbContextTransaction?> BeginUnlessInOneAsync(this VisitsDbContext db, CancellationToken ct) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;

    public static async Task CommitIfOwnedAsync(this IDbContextTransaction? transaction, CancellationToken ct)
    {
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }
}
