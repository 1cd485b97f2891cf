using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Capture;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Web.Imports;

namespace VisitsCapture.Web.Features.Capture;

/// <summary>
/// Imports past visits from DESIGN.md's visits file, checked by the same rules as the hall. Each row's session must
/// already exist (import sessions first). Keyed by client_id (any reference, <see cref="ClientKey"/>): re-importing a file changes nothing, and a row whose
/// client_id is stored with other details updates that visit. All or nothing.
/// </summary>
public sealed class VisitsImporter(VisitsDbContext db, TimeProvider clock) : IImporter
{
    private static readonly string[] Columns =
        ["establishment", "date", "session_start", "prisoner", "outcome", "adults", "children_0_4", "children_5_11", "children_12_17",
         "relationship", "first_visit", "visitor_postcode", "client_id"];

    /// <summary>The file's column for each field the visit rules name.</summary>
    private static readonly Dictionary<string, string> ColumnOf = new()
    {
        ["Prisoner"] = "prisoner",
        ["Adults"] = "adults",
        ["Children0To4"] = "children_0_4",
        ["Children5To11"] = "children_5_11",
        ["Children12To17"] = "children_12_17",
        ["Relationship"] = "relationship",
        ["VisitorPostcode"] = "visitor_postcode",
        ["Outcome"] = "outcome",
    };

    private const int Chunk = 500;

    public string Kind => "visits";

    public string Description => "Visits: establishment, date, session start, prisoner, outcome, visitors by age band, relationship, first visit, visitor postcode, client id";

    private sealed record Row(int Number, int EstablishmentId, Session Session, Guid ClientId, VisitValues Values);

    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var establishments = await EstablishmentCodes.LoadAsync(db, cancellationToken);
        var errors = new List<ImportError>();
        var parsed = new List<(CsvRow Row, int EstablishmentId, DateOnly Date, TimeOnly Start, Guid ClientId, VisitValues Values)>();
        var seen = new Dictionary<Guid, int>();
        foreach (var r in CsvRows.RowsOf(files, Columns, errors))
        {
            var establishment = establishments.Read(r);
            var date = r.Date("date", required: true);
            var start = r.Time("session_start", required: true);
            var clientId = ClientId(r);
            var failed = new HashSet<string>();
            int? Count(string field)
            {
                var before = r.Errors.Count;
                var n = r.Int(ColumnOf[field]);
                if (r.Errors.Count > before)
                {
                    failed.Add(field);
                }
                return n;
            }
            var fields = new VisitFields(r.Raw("prisoner"), Count("Adults"), Count("Children0To4"), Count("Children5To11"), Count("Children12To17"),
                r.Raw("relationship"), r.Bool("first_visit") ?? false, r.Raw("visitor_postcode"), null, r.Raw("outcome"), null, null);
            var values = VisitRules.Check(fields, (field, message) => r.Fail(ColumnOf.GetValueOrDefault(field, field), message), failed);
            if (clientId is { } id && !seen.TryAdd(id, r.Number))
            {
                r.Fail("client_id", $"the same client_id is already on row {seen[id]}");
            }
            if (r.IsValid)
            {
                parsed.Add((r, establishment!.Id, date!.Value, start!.Value, clientId!.Value, values!));
            }
            errors.AddRange(r.Errors);
            progress?.Report(parsed.Count + errors.Count);
        }
        if (errors.Count > 0)
        {
            return ImportResult.Rejected(errors);
        }

        // Every row's session must exist: looked up per establishment over the file's dates.
        var rows = new List<Row>();
        foreach (var group in parsed.GroupBy(p => p.EstablishmentId))
        {
            var from = group.Min(p => p.Date);
            var to = group.Max(p => p.Date);
            var sessions = await db.Sessions.AsNoTracking()
                .Where(s => s.EstablishmentId == group.Key && s.Date >= from && s.Date <= to)
                .ToDictionaryAsync(s => (s.Date, s.Start), cancellationToken);
            foreach (var p in group)
            {
                if (sessions.TryGetValue((p.Date, p.Start), out var session))
                {
                    rows.Add(new Row(p.Row.Number, p.EstablishmentId, session, p.ClientId, p.Values));
                }
                else
                {
                    errors.Add(new ImportError(p.Row.Number, "session_start", $"there is no session on {Labels.Iso(p.Date)} starting at {Labels.Time(p.Start)} at this establishment: import the sessions first"));
                }
            }
        }
        if (errors.Count > 0)
        {
            return ImportResult.Rejected(errors.OrderBy(e => e.Row));
        }
        return await WriteAsync(rows, cancellationToken);
    }

    private static Guid? ClientId(CsvRow r)
    {
        var id = ClientKey.From(r.Raw("client_id"), out var error);
        if (error is not null)
        {
            r.Fail("client_id", error);
        }
        return id;
    }

    private async Task<ImportResult> WriteAsync(List<Row> rows, CancellationToken ct)
    {
        var errors = new List<ImportError>();
        int added = 0, updated = 0, unchanged = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var chunk in rows.Chunk(Chunk))
        {
            var ids = chunk.Select(r => r.ClientId).ToList();
            var stored = await db.Visits.Where(v => ids.Contains(v.ClientId)).ToDictionaryAsync(v => v.ClientId, ct);
            foreach (var r in chunk)
            {
                var values = r.Values;
                if (!stored.TryGetValue(r.ClientId, out var visit))
                {
                    visit = new Visit
                    {
                        ClientId = r.ClientId,
                        EstablishmentId = r.EstablishmentId,
                        Prisoner = values.Prisoner,
                        PayloadHash = values.Hash(r.Session.Id),
                        CreatedAt = now,
                        CreatedBy = "import",
                    };
                    db.Visits.Add(visit);
                    added++;
                }
                else if (visit.EstablishmentId != r.EstablishmentId)
                {
                    errors.Add(new ImportError(r.Number, "client_id", "this client_id belongs to a visit at another establishment"));
                    continue;
                }
                else
                {
                    // The file has no table or times: those recorded in the hall are kept. A removal stays a removal.
                    values = values with { TableNumber = visit.TableNumber, ArrivedAt = visit.ArrivedAt, EndedAt = visit.EndedAt };
                    if (visit.SessionId == r.Session.Id && VisitValues.Of(visit) == values)
                    {
                        unchanged++;
                        continue;
                    }
                    updated++;
                    visit.UpdatedAt = now;
                    visit.Version = Guid.NewGuid();
                }
                visit.PlaceIn(r.Session);
                values.ApplyTo(visit);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        if (errors.Count > 0)
        {
            await tx.RollbackAsync(ct);
            return ImportResult.Rejected(errors);
        }
        await tx.CommitAsync(ct);
        return new ImportResult { Rows = rows.Count, Added = added, Updated = updated, Unchanged = unchanged };
    }
}
