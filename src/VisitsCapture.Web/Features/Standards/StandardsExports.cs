using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Standards;
using VisitsCapture.Core.Exports;

namespace VisitsCapture.Web.Features.Standards;

/// <summary>The audits and training coverage downloads (CSV and XLSX through the one export writer, <see cref="TabularExport"/>).</summary>
public sealed class StandardsExports(VisitsDbContext db, StandardsQuery query)
{
    /// <summary>Every audit of the establishments (all when null): one row each, with its score, RAG and whether it counts.</summary>
    public async Task<ExportTable> AuditsAsync(IReadOnlyCollection<int>? establishmentIds, CancellationToken ct)
    {
        var facts = await query.AuditFactsAsync(establishmentIds, ct);
        var latest = LatestAudits.Of(facts).Values.Select(f => f.Id).ToHashSet();
        var superseded = facts.Where(f => f.Status == AuditStatus.Completed && f.SupersedesId is not null).Select(f => f.SupersedesId!.Value).ToHashSet();
        var audits = await db.StandardAudits.AsNoTracking()
            .Where(a => establishmentIds == null || establishmentIds.Contains(a.EstablishmentId))
            .Select(a => new { a.Id, Establishment = a.Establishment!.Code, Standard = a.Standard!.Code, a.ChecklistVersion!.Version, a.Area, a.Auditor })
            .ToDictionaryAsync(a => a.Id, ct);
        var rows = facts.OrderBy(f => audits[f.Id].Establishment, StringComparer.Ordinal).ThenBy(f => audits[f.Id].Standard, StringComparer.Ordinal).ThenBy(f => f.AuditDate).ThenBy(f => f.Id)
            .Select(f =>
            {
                var a = audits[f.Id];
                var rag = AuditScore.RagOf(f.Score, query.Options);
                var status = f.Status == AuditStatus.Draft ? "Draft" : superseded.Contains(f.Id) ? "Superseded" : "Completed";
                return (IReadOnlyList<ExportCell>)
                [
                    a.Establishment, a.Standard, ExportCell.Of(a.Version, a.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    a.Area, Labels.Iso(f.AuditDate), a.Auditor, status,
                    ExportCell.Of(StandardsDisplay.Rounded(f.Score), f.Score is null ? "" : Core.Measures.Rounding.Format(f.Score, AuditScore.Decimals)),
                    f.Score is null ? "" : StandardsDisplay.Rag(rag),
                    latest.Contains(f.Id) ? "yes" : "no",
                ];
            }).ToList();
        return new ExportTable("Audits", ["establishment", "standard", "checklist_version", "area", "audit_date", "auditor", "status", "score_pct", "rag", "counts"], rows);
    }

    /// <summary>Training coverage per establishment and course today: the current team by currency of the course.</summary>
    public async Task<ExportTable> TrainingAsync(IReadOnlyCollection<int>? establishmentIds, CancellationToken ct)
    {
        var today = query.Today;
        var grace = query.Options.TrainingGraceMonths;
        var courses = await query.CoursesAsync(ct);
        var members = await query.MembersAsync(establishmentIds, ct);
        var establishments = await db.Establishments.AsNoTracking()
            .Where(e => establishmentIds == null || establishmentIds.Contains(e.Id))
            .OrderBy(e => e.Code).Select(e => new { e.Id, e.Code }).ToListAsync(ct);
        var rows = new List<IReadOnlyList<ExportCell>>();
        // Establishments without a team are listed too: a team size of 0 is a finding.
        foreach (var e in establishments)
        {
            var team = members[e.Id].Where(m => m.InPostOn(today)).ToList();
            foreach (var c in courses)
            {
                var counts = team.GroupBy(m => TrainingCurrency.Of(m.LatestCompletions.TryGetValue(c.Id, out var d) ? d : null, c.RefreshMonths, grace, today))
                    .ToDictionary(g => g.Key, g => g.Count());
                int Count(Currency x) => counts.GetValueOrDefault(x);
                var pct = new CourseCoverage(c, Count(Currency.Current), team.Count).Pct;
                rows.Add(
                [
                    e.Code, c.Name, Number(team.Count), Number(Count(Currency.Current)), Number(Count(Currency.Due)), Number(Count(Currency.Lapsed)), Number(Count(Currency.None)),
                    ExportCell.Of(StandardsDisplay.Rounded(pct), pct is null ? "" : Core.Measures.Rounding.Format(pct, AuditScore.Decimals)),
                ]);
            }
        }
        return new ExportTable("Training coverage", ["establishment", "course", "team_size", "current", "due", "lapsed", "not_done", "current_pct"], rows);
    }

    private static ExportCell Number(int n) => ExportCell.Of(n, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
