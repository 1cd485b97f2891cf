using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Web.Imports;

namespace VisitsCapture.Web.Features.Standards;

/// <summary>
/// <c>import standards-audits</c>: establishment,standard,audit_date,area,auditor,item,result,note — one row per
/// checklist item of a completed audit from history. An audit is the rows with the same establishment, standard,
/// audit date and area; it must answer every item of its checklist version (<c>checklist_version</c>, optional:
/// empty = the latest) exactly once. Imported audits are completed. An audit already recorded with the same answers
/// is unchanged; with different answers it is refused, because a completed audit is never edited.
/// </summary>
public sealed class StandardsAuditsImporter(VisitsDbContext db, TimeProvider clock) : IImporter
{
    public static readonly IReadOnlyList<string> Columns = ["establishment", "standard", "audit_date", "area", "auditor", "item", "result", "note"];

    public string Kind => "standards-audits";

    public string Description => "Completed standards audits from history, one row per checklist item: establishment, standard (VE7 ...), audit_date, area, auditor, item (number), result (Met, PartlyMet, NotMet, NotApplicable), note.";

    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken ct)
    {
        using var csv = CsvRows.OpenOne(files, "standards audits", Columns, out var rejected);
        if (csv is null)
        {
            return ImportResult.Rejected(rejected);
        }
        var establishments = await EstablishmentCodes.LoadAsync(db, ct);
        var standards = await db.Standards.AsNoTracking().Include(s => s.Versions).ThenInclude(v => v.Items)
            .ToDictionaryAsync(s => s.Code, StringComparer.OrdinalIgnoreCase, ct);
        var today = clock.LondonToday();
        var rows = new List<CsvRow>();
        var lines = new List<Line>();
        foreach (var row in csv.Rows())
        {
            rows.Add(row);
            var e = establishments.Read(row);
            var code = row.Text("standard", required: true, maxLength: 10);
            var standard = code is null ? null : standards.GetValueOrDefault(code);
            if (code is not null && standard is null)
            {
                row.Fail("standard", $"\"{code}\" is not a standard; the standards are {string.Join(", ", standards.Keys.Order())}");
            }
            var date = row.Date("audit_date", required: true);
            if (date > today)
            {
                row.Fail("audit_date", "is in the future");
            }
            var area = row.Text("area", required: true, maxLength: 100);
            var auditor = row.Text("auditor", required: true, maxLength: 100);
            var versionNumber = row.Int("checklist_version", min: 1);
            var item = row.Int("item", required: true, min: 1);
            var result = row.Enum<ItemResult>("result", required: true);
            var note = row.Text("note", maxLength: 1000);
            ChecklistVersion? version = null;
            if (standard is not null)
            {
                version = versionNumber is { } n ? standard.Versions.FirstOrDefault(v => v.Version == n) : standard.Versions.MaxBy(v => v.Version);
                if (version is null)
                {
                    row.Fail("checklist_version", $"{standard.Code} has no version {versionNumber}");
                }
                else if (item is { } i && version.Items.All(x => x.Position != i))
                {
                    row.Fail("item", $"{standard.Code} version {version.Version} has items 1 to {version.Items.Count}");
                }
            }
            if (row.IsValid)
            {
                var checklistItem = version!.Items.First(x => x.Position == item);
                lines.Add(new Line(row, new AuditKey(e!.Id, standard!.Id, date!.Value, area!), version, auditor!, checklistItem.Id, result!.Value, note));
            }
            progress?.Report(rows.Count);
        }

        var audits = new List<(AuditKey Key, List<Line> Lines)>();
        foreach (var group in lines.GroupBy(l => l.Key))
        {
            var list = group.ToList();
            var first = list[0];
            foreach (var other in list.Skip(1).Where(l => l.Version.Id != first.Version.Id || l.Auditor != first.Auditor))
            {
                other.Row.Fail(other.Version.Id != first.Version.Id ? "checklist_version" : "auditor", $"differs from row {first.Row.Number} of the same audit");
            }
            foreach (var repeat in list.GroupBy(l => l.ItemId).SelectMany(g => g.Skip(1)))
            {
                repeat.Row.Fail("item", "this item is already answered for the same audit in an earlier row");
            }
            var missing = first.Version.Items.Where(i => list.All(l => l.ItemId != i.Id)).Select(i => i.Position).ToList();
            if (missing.Count > 0)
            {
                first.Row.Fail("item", $"the audit has no row for item{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}: every item must be answered");
            }
            audits.Add((group.Key, list));
        }

        // Audits already recorded: unchanged when the answers are the same, refused when not.
        var ids = audits.Select(a => a.Key.EstablishmentId).Distinct().ToList();
        var existing = await db.StandardAudits.AsNoTracking().Include(a => a.Results)
            .Where(a => ids.Contains(a.EstablishmentId) && a.Status == AuditStatus.Completed).ToListAsync(ct);
        var byKey = existing.GroupBy(a => new AuditKey(a.EstablishmentId, a.StandardId, a.AuditDate, a.Area)).ToDictionary(g => g.Key, g => g.ToList());
        var toAdd = new List<StandardAudit>();
        var unchanged = 0;
        foreach (var (key, list) in audits)
        {
            if (byKey.TryGetValue(key, out var same))
            {
                if (same.Any(a => Matches(a, list)))
                {
                    unchanged += list.Count;
                }
                else
                {
                    list[0].Row.Fail("result", "this audit is already recorded with other answers; a completed audit is not changed, so record a new audit to supersede it");
                }
                continue;
            }
            toAdd.Add(new StandardAudit
            {
                EstablishmentId = key.EstablishmentId,
                StandardId = key.StandardId,
                ChecklistVersionId = list[0].Version.Id,
                AuditDate = key.Date,
                Area = key.Area,
                Auditor = list[0].Auditor,
                Status = AuditStatus.Completed,
                CompletedAt = clock.GetUtcNow().UtcDateTime,
                Results = list.Select(l => new AuditItemResult { ChecklistItemId = l.ItemId, Result = l.Result, Note = l.Note }).ToList(),
            });
        }

        var errors = rows.SelectMany(r => r.Errors).OrderBy(e => e.Row).ToList();
        if (rows.Count == 0)
        {
            errors.Add(new ImportError(0, null, "The file has no audit rows"));
        }
        if (errors.Count > 0)
        {
            return ImportResult.Rejected(errors);
        }
        db.StandardAudits.AddRange(toAdd);
        await db.SaveChangesAsync(ct); // one transaction: all the audits or none
        return new ImportResult
        {
            Rows = rows.Count,
            Added = rows.Count - unchanged,
            Unchanged = unchanged,
            Note = $"{toAdd.Count} audit{(toAdd.Count == 1 ? "" : "s")} added.",
        };
    }

    private static bool Matches(StandardAudit audit, List<Line> lines) =>
        audit.ChecklistVersionId == lines[0].Version.Id && audit.Auditor == lines[0].Auditor && audit.Results.Count == lines.Count
        && lines.All(l => audit.Results.Any(r => r.ChecklistItemId == l.ItemId && r.Result == l.Result && r.Note == l.Note));

    private sealed record AuditKey(int EstablishmentId, int StandardId, DateOnly Date, string Area);

    private sealed record Line(CsvRow Row, AuditKey Key, ChecklistVersion Version, string Auditor, int ItemId, ItemResult Result, string? Note);
}
