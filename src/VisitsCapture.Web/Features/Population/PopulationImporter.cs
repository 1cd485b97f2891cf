using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Population;
using VisitsCapture.Web.Imports;

namespace VisitsCapture.Web.Features.Population;

/// <summary>
/// `import population`: prisoner-level snapshots (establishment, snapshot_date, prisoner, home_postcode,
/// home_source). A file may hold several establishments and dates; each (establishment, date) snapshot in it
/// replaces the stored one, all in one transaction.
/// <para>
/// The home postcode is cut to its district as the row is read and the full postcode goes no further: not to the
/// database, not into an error or a reason. A missing, invalid or unknown district is not an error: the prisoner
/// is kept as an "unknown home" with the reason, so that the population count stays right. Only structural
/// problems reject the file.
/// </para>
/// <para>
/// Rows are streamed: memory holds one insert batch and, per snapshot, the prisoner numbers seen (for duplicates),
/// never the file. Writing stops at the first bad row, the rest is still checked for the report, and the
/// transaction is rolled back.
/// </para>
/// </summary>
public sealed class PopulationImporter(VisitsDbContext db, TimeProvider clock) : IImporter
{
    private static readonly string[] Columns = ["establishment", "snapshot_date", "prisoner", "home_postcode", "home_source"];
    private const int ProgressEvery = 1000;

    /// <summary>
    /// Records per INSERT. SQLite binds each parameter by name with a linear search of the statement's parameters, so
    /// the cost of a statement grows with the square of its size: 500-row statements took about twice the CPU of 50-row
    /// ones (docs/performance.md). PostgreSQL pays a network round trip per command instead, so it takes larger ones.
    /// </summary>
    private static int RowsPerStatement(VisitsDbContext db) => db.IsSqlite ? 50 : 1000;

    private ImportScope _scope = ImportScope.Any;

    public string Kind => "population";

    public string Description => "Prisoner-level population snapshots: " + string.Join(",", Columns) + ".";

    /// <summary>The same importer, refusing rows for establishments outside <paramref name="scope"/>.</summary>
    public PopulationImporter RestrictedTo(ImportScope scope) => new(db, clock) { _scope = scope };

    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        using var csv = CsvRows.OpenOne(files, "population", Columns, out var rejected);
        if (csv is null)
        {
            return ImportResult.Rejected(rejected);
        }
        var rules = await SnapshotRules.LoadAsync(db, clock, _scope, cancellationToken);
        var knownDistricts = (await db.PostcodeDistricts.AsNoTracking().Select(d => d.Outcode).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);

        var importedAt = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var writer = new BulkWriter<PopulationRecord>(db, RowsPerStatement(db));
        var snapshots = new Dictionary<(int EstablishmentId, DateOnly Date), SnapshotInFile>();
        var errors = new List<ImportError>();
        int rows = 0, unknownHomes = 0, added = 0, updated = 0, unchanged = 0;

        foreach (var row in csv.Rows())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows++;
            var establishmentId = rules.Establishment(row);
            var date = rules.SnapshotDate(row);
            var prisoner = PrisonerOf(row);
            var source = HomeSourceOf(row);
            var (district, unknownReason) = UnknownHome.HomeOf(row.Raw("home_postcode"), knownDistricts);

            SnapshotInFile? snapshot = null;
            if (establishmentId is { } e && date is { } d && prisoner is { } p)
            {
                if (!snapshots.TryGetValue((e, d), out snapshot))
                {
                    snapshots[(e, d)] = snapshot = new SnapshotInFile();
                }
                if (!snapshot.Prisoners.Add(p.Key))
                {
                    row.Fail("prisoner", "appears more than once in this establishment's snapshot for the date");
                }
            }
            if (!row.IsValid)
            {
                errors.AddRange(row.Errors);
                continue;
            }
            if (errors.Count > 0)
            {
                continue; // the file is already rejected: keep checking for the report, stop writing
            }

            if (snapshot!.Stored is null)
            {
                (snapshot.Stored, snapshot.Previous) = await rules.ReplaceAsync(
                    establishmentId!.Value, date!.Value, PopulationSnapshotKind.PrisonerLevel, 0, importedAt, withRecords: true, cancellationToken);
            }
            // Compared with the replaced snapshot's record of the prisoner: what the summary calls added, updated, unchanged.
            if (snapshot.Previous?.Records.GetValueOrDefault(prisoner!.Value.Text) is not { } before)
            {
                added++;
            }
            else if (before == new RecordedHome(district, source, unknownReason))
            {
                unchanged++;
            }
            else
            {
                updated++;
            }
            // The district is already cut from the postcode: the full postcode never gets here.
            await writer.AddAsync(new PopulationRecord
            {
                SnapshotId = snapshot.Stored.Id, Prisoner = prisoner!.Value.Text, HomeDistrict = district, HomeSource = source,
                UnknownHomeReason = unknownReason,
            }, cancellationToken);
            if (unknownReason is not null)
            {
                unknownHomes++;
            }
            if (rows % ProgressEvery == 0)
            {
                progress?.Report(rows);
            }
        }
        progress?.Report(rows);

        if (rows == 0)
        {
            errors.Add(new ImportError(0, null, "The file has a header but no rows."));
        }
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return ImportResult.Rejected(errors); // the transaction is disposed uncommitted: rolled back
        }

        await writer.FlushAsync(cancellationToken);
        foreach (var s in snapshots.Values)
        {
            s.Stored!.Population = s.Prisoners.Count;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var replaced = snapshots.Values.Count(s => s.Previous is not null);
        var gone = snapshots.Values.Sum(s => s.Previous is null ? 0 : s.Previous.Records.Keys.Count(p => !(PrisonNumber.TryParse(p, out var n) && s.Prisoners.Contains(n.Key))));
        return new ImportResult
        {
            Rows = rows,
            Added = added,
            Updated = updated,
            Unchanged = unchanged,
            Note = $"{Count(snapshots.Count, "snapshot")} saved ({snapshots.Count - replaced} new, {replaced} replacing an earlier import"
                   + (gone > 0 ? $", which had {Count(gone, "prisoner")} no longer in the file" : "") + "); "
                   + $"{Count(unknownHomes, "prisoner")} with an unknown home, kept and counted in the population.",
        };
    }

    /// <summary>The row's prison number (<see cref="PrisonNumber.TryNormalise"/>), or null with a row error.</summary>
    private static PrisonNumber? PrisonerOf(CsvRow row)
    {
        var text = row.Raw("prisoner");
        if (text.Length == 0)
        {
            row.Fail("prisoner", "a value is required");
            return null;
        }
        if (!PrisonNumber.TryNormalise(text, out var number))
        {
            // Not repeated back: a wrong value here could be any personal data.
            row.Fail("prisoner", "is not a prison number in the form A1234BC");
            return null;
        }
        return number;
    }

    /// <summary>home, court, next_of_kin, discharge (any case) or empty (not recorded).</summary>
    private static HomeSource? HomeSourceOf(CsvRow row)
    {
        var text = row.Raw("home_source");
        if (text.Length == 0)
        {
            return null;
        }
        if (!int.TryParse(text, out _) && Enum.TryParse<HomeSource>(text.Replace("_", ""), ignoreCase: true, out var source))
        {
            return source;
        }
        row.Fail("home_source", "must be home, court, next_of_kin, discharge or empty");
        return null;
    }

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    private sealed class SnapshotInFile
    {
        public HashSet<int> Prisoners { get; } = [];
        public PopulationSnapshot? Stored { get; set; }
        public PreviousSnapshot? Previous { get; set; }
    }
}
