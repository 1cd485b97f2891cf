using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Impact;
using VisitsCapture.Core.Imports;
using VisitsCapture.Web.Imports;

namespace VisitsCapture.Web.Features.Impact;

/// <summary>
/// <c>import interventions</c>: establishment,start_date,kind,description,cost (DESIGN.md "Interfaces"). An intervention
/// is keyed by establishment, start date and kind: a row for an existing one updates its description and cost, so
/// re-importing the same file changes nothing. All or nothing.
/// </summary>
public sealed class InterventionsImporter(VisitsDbContext db) : IImporter
{
    private static readonly string[] Columns = ["establishment", "start_date", "kind", "description", "cost"];

    public string Kind => "interventions";

    public string Description => "Interventions: establishment, start date, kind, description and cost in pounds (may be empty).";

    private sealed record Row(int EstablishmentId, DateOnly Start, InterventionKind Kind, string Description, decimal? Cost);

    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var establishments = await EstablishmentCodes.LoadAsync(db, cancellationToken);
        var errors = new List<ImportError>();
        var rows = new List<Row>();
        var seen = new Dictionary<(int, DateOnly, InterventionKind), int>();
        var read = 0;
        foreach (var r in CsvRows.RowsOf(files, Columns, errors))
        {
            read++;
            var establishment = establishments.Read(r);
            var start = r.Date("start_date", required: true);
            var kind = r.Enum<InterventionKind>("kind", required: true);
            var description = r.Text("description", required: true, maxLength: Intervention.DescriptionMaxLength);
            var cost = Cost(r);
            if (r.IsValid && !seen.TryAdd((establishment!.Id, start!.Value, kind!.Value), r.Number))
            {
                r.Fail("kind", $"the same intervention (establishment, start date and kind) is already on row {seen[(establishment.Id, start.Value, kind.Value)]}");
            }
            if (r.IsValid)
            {
                rows.Add(new Row(establishment!.Id, start!.Value, kind!.Value, description!, cost));
            }
            errors.AddRange(r.Errors);
            progress?.Report(read);
        }
        if (errors.Count == 0 && read == 0)
        {
            errors.Add(new ImportError(0, null, "The file has no interventions"));
        }
        if (errors.Count > 0)
        {
            return ImportResult.Rejected(errors);
        }

        // Inside the caller's transaction when there is one (the demo seed), else in one of its own.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var ids = rows.Select(r => r.EstablishmentId).Distinct().ToList();
        var existing = await db.Interventions.Where(i => ids.Contains(i.EstablishmentId)).ToDictionaryAsync(i => (i.EstablishmentId, i.StartDate, i.Kind), cancellationToken);
        int added = 0, updated = 0, unchanged = 0;
        foreach (var r in rows)
        {
            if (!existing.TryGetValue((r.EstablishmentId, r.Start, r.Kind), out var intervention))
            {
                db.Interventions.Add(new Intervention { EstablishmentId = r.EstablishmentId, StartDate = r.Start, Kind = r.Kind, Description = r.Description, Cost = r.Cost });
                added++;
            }
            else if (intervention.Description == r.Description && intervention.Cost == r.Cost)
            {
                unchanged++;
            }
            else
            {
                intervention.Description = r.Description;
                intervention.Cost = r.Cost;
                updated++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return new ImportResult { Rows = rows.Count, Added = added, Updated = updated, Unchanged = unchanged };
    }

    /// <summary>Pounds, to the penny, from 0 up to <see cref="Intervention.MaxCost"/>; a leading "£" and thousands commas are allowed; empty = not known.</summary>
    public static decimal? ParseCost(string? text, out string? error)
    {
        error = null;
        var v = (text ?? "").Trim().TrimStart('£').Replace(",", "", StringComparison.Ordinal);
        if (v.Length == 0)
        {
            return null;
        }
        if (!decimal.TryParse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cost))
        {
            error = "must be an amount in pounds, like 2500 or 2500.50";
            return null;
        }
        if (cost > Intervention.MaxCost)
        {
            error = $"must be £{Intervention.MaxCost:N0} or less";
            return null;
        }
        if (decimal.Round(cost, 2) != cost)
        {
            error = "must be in pounds and pence, with at most 2 decimal places";
            return null;
        }
        return cost;
    }

    private static decimal? Cost(CsvRow r)
    {
        var cost = ParseCost(r.Raw("cost"), out var error);
        if (error is not null)
        {
            r.Fail("cost", error);
        }
        return cost;
    }
}
