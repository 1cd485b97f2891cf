using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Web.Imports;

namespace VisitsCapture.Web.Features.Sessions;

/// <summary>
/// Imports past (or planned) sessions from DESIGN.md's sessions file. A session is keyed by establishment, date and
/// start: a row for an existing session updates it, so re-importing the same file changes nothing. All or nothing.
/// </summary>
public sealed class SessionsImporter(VisitsDbContext db) : IImporter
{
    private static readonly string[] Columns = ["establishment", "date", "start", "end", "type", "capacity_visits", "capacity_visitors", "status"];

    public string Kind => "sessions";

    public string Description => "Sessions: establishment, date, start, end, type, capacity in visits and visitors, status";

    private sealed record Row(int Number, int EstablishmentId, DateOnly Date, TimeOnly Start, TimeOnly End, SessionType Type, int Visits, int Visitors, SessionStatus Status);

    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var establishments = await EstablishmentCodes.LoadAsync(db, cancellationToken);
        var errors = new List<ImportError>();
        var rows = new List<Row>();
        var seen = new Dictionary<(int, DateOnly, TimeOnly), int>();
        foreach (var r in CsvRows.RowsOf(files, Columns, errors))
        {
            var establishment = establishments.Read(r);
            var date = r.Date("date", required: true);
            var start = r.Time("start", required: true);
            var end = r.Time("end", required: true);
            if (start is not null && end is not null && end <= start)
            {
                r.Fail("end", "the end must be after the start");
            }
            var type = r.Enum<SessionType>("type", required: true);
            var visits = r.Int("capacity_visits", required: true, min: 0, max: Capacity.MaxVisits);
            var visitors = r.Int("capacity_visitors", required: true, min: 0, max: Capacity.MaxVisitors);
            var status = Status(r);
            if (r.IsValid && !seen.TryAdd((establishment!.Id, date!.Value, start!.Value), r.Number))
            {
                r.Fail("start", $"the same session (establishment, date and start) is already on row {seen[(establishment.Id, date.Value, start.Value)]}");
            }
            if (r.IsValid)
            {
                rows.Add(new Row(r.Number, establishment!.Id, date!.Value, start!.Value, end!.Value, type!.Value, visits!.Value, visitors!.Value, status!.Value));
            }
            errors.AddRange(r.Errors);
            progress?.Report(rows.Count + errors.Count);
        }
        if (errors.Count > 0)
        {
            return ImportResult.Rejected(errors);
        }
        return await WriteAsync(rows, cancellationToken);
    }

    /// <summary>Planned or CancelledByEstablishment, any case; "cancelled" is read as cancelled by the establishment.</summary>
    private static SessionStatus? Status(CsvRow r)
    {
        var v = r.Raw("status");
        if (v.Equals("cancelled", StringComparison.OrdinalIgnoreCase) || v.Equals("canceled", StringComparison.OrdinalIgnoreCase))
        {
            return SessionStatus.CancelledByEstablishment;
        }
        return r.Enum<SessionStatus>("status", required: true);
    }

    private async Task<ImportResult> WriteAsync(List<Row> rows, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        int added = 0, updated = 0, unchanged = 0;
        foreach (var group in rows.GroupBy(r => r.EstablishmentId))
        {
            var from = group.Min(r => r.Date);
            var to = group.Max(r => r.Date);
            var existing = await db.Sessions
                .Where(s => s.EstablishmentId == group.Key && s.Date >= from && s.Date <= to)
                .ToDictionaryAsync(s => (s.Date, s.Start), ct);
            foreach (var r in group)
            {
                if (!existing.TryGetValue((r.Date, r.Start), out var session))
                {
                    session = new Session { EstablishmentId = group.Key, Start = r.Start };
                    session.SetDate(r.Date);
                    db.Sessions.Add(session);
                    added++;
                }
                else if (session.End == r.End && session.Type == r.Type && session.CapacityVisits == r.Visits
                         && session.CapacityVisitors == r.Visitors && session.Status == r.Status)
                {
                    unchanged++;
                    continue;
                }
                else
                {
                    updated++;
                    session.Version = Guid.NewGuid();
                }
                session.End = r.End;
                session.Type = r.Type;
                session.CapacityVisits = r.Visits;
                session.CapacityVisitors = r.Visitors;
                session.Status = r.Status;
                if (r.Status == SessionStatus.Planned)
                {
                    session.CancellationReason = null;
                }
                else
                {
                    session.CancellationReason ??= "Imported as cancelled";
                }
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        await tx.CommitAsync(ct);
        return new ImportResult { Rows = rows.Count, Added = added, Updated = updated, Unchanged = unchanged };
    }
}
