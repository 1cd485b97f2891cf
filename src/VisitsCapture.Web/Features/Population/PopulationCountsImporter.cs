using System.Globalization;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;

namespace VisitsCapture.Web.Features.Population;

/// <summary>
/// `import population-counts`: the population alone (establishment, snapshot_date, population), for establishments
/// whose prisoner-level data is not available. Each row replaces the (establishment, date) snapshot, whatever its
/// kind, in one transaction for the whole file.
/// </summary>
public sealed class PopulationCountsImporter(VisitsDbContext db, TimeProvider clock) : IImporter
{
    private static readonly string[] Columns = ["establishment", "snapshot_date", "population"];

    /// <summary>Well above the largest prison in England and Wales (about 1,700), to catch a national total typed into one row.</summary>
    public const int MaxPopulation = 5000;

    private ImportScope _scope = ImportScope.Any;

    public string Kind => "population-counts";

    public string Description => "Population counts only: " + string.Join(",", Columns) + ".";

    public PopulationCountsImporter RestrictedTo(ImportScope scope) => new(db, clock) { _scope = scope };

    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        using var csv = CsvRows.OpenOne(files, "population counts", Columns, out var rejected);
        if (csv is null)
        {
            return ImportResult.Rejected(rejected);
        }
        var rules = await SnapshotRules.LoadAsync(db, clock, _scope, cancellationToken);

        // Counts files are small (one row per establishment and date): check them whole, then write.
        var counts = new Dictionary<(int EstablishmentId, DateOnly Date), int>();
        var errors = new List<ImportError>();
        var rows = 0;
        foreach (var row in csv.Rows())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows++;
            var establishmentId = rules.Establishment(row);
            var date = rules.SnapshotDate(row);
            var population = Population(row);
            if (establishmentId is { } e && date is { } d && population is { } p && !counts.TryAdd((e, d), p))
            {
                row.Fail("snapshot_date", "this establishment already has a count for the date earlier in the file");
            }
            errors.AddRange(row.Errors);
        }
        progress?.Report(rows);
        if (rows == 0)
        {
            errors.Add(new ImportError(0, null, "The file has a header but no rows."));
        }
        if (errors.Count > 0)
        {
            return ImportResult.Rejected(errors);
        }

        var importedAt = clock.GetUtcNow().UtcDateTime;
        int added = 0, updated = 0, unchanged = 0;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var ((establishmentId, date), population) in counts)
            {
                var (_, previous) = await rules.ReplaceAsync(establishmentId, date, PopulationSnapshotKind.CountOnly, population, importedAt, withRecords: false, cancellationToken);
                if (previous is null)
                {
                    added++;
                }
                else if (previous.Kind == PopulationSnapshotKind.CountOnly && previous.Population == population)
                {
                    unchanged++;
                }
                else
                {
                    updated++;
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        return new ImportResult { Rows = rows, Added = added, Updated = updated, Unchanged = unchanged };
    }

    private static int? Population(CsvRow row)
    {
        var text = row.Raw("population");
        if (text.Length == 0)
        {
            row.Fail("population", "a value is required");
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > MaxPopulation)
        {
            row.Fail("population", $"must be a whole number from 0 to {MaxPopulation}");
            return null;
        }
        return n;
    }
}
