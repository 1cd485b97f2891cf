using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Web.Imports;

namespace VisitsCapture.Web.Features.Population;

/// <summary>
/// The establishments an importing user may load snapshots for: every one (administrators, national pathway leads
/// and the command line) or a named few (a governor's prison, a regional lead's region). Rows for any other
/// establishment are row errors.
/// </summary>
public sealed record ImportScope(IReadOnlySet<string>? Codes, string Description)
{
    public static readonly ImportScope Any = new(null, "any establishment");

    public bool Allows(string code) => Codes is null || Codes.Contains(code);
}

/// <summary>
/// The rules both population imports share: which establishment and snapshot date a row is about, and replacing
/// an (establishment, date) snapshot inside the import's transaction. Error messages never repeat a cell's value
/// except an establishment code: a home postcode put in the wrong column must not end up in a report.
/// </summary>
internal sealed class SnapshotRules
{
    private readonly VisitsDbContext _db;
    private readonly EstablishmentCodes _establishments;
    private readonly ImportScope _scope;
    private readonly DateOnly _today;

    private SnapshotRules(VisitsDbContext db, EstablishmentCodes establishments, ImportScope scope, DateOnly today)
    {
        _db = db;
        _establishments = establishments;
        _scope = scope;
        _today = today;
    }

    public static async Task<SnapshotRules> LoadAsync(VisitsDbContext db, TimeProvider clock, ImportScope scope, CancellationToken ct)
    {
        return new SnapshotRules(db, await EstablishmentCodes.LoadAsync(db, ct), scope, LondonTime.Today(clock));
    }

    /// <summary>The establishment's id, or null with a row error (unknown, or outside the importer's scope).</summary>
    public int? Establishment(CsvRow row)
    {
        if (_establishments.Read(row) is not { } e)
        {
            return null;
        }
        if (!_scope.Allows(e.Code.ToUpperInvariant()))
        {
            row.Fail(EstablishmentCodes.Column, $"{EstablishmentCodes.Shown(e.Code)} is not an establishment you can import for (you can import for {_scope.Description})");
            return null;
        }
        return e.Id;
    }

    public DateOnly? SnapshotDate(CsvRow row)
    {
        var text = row.Raw("snapshot_date");
        if (text.Length == 0)
        {
            row.Fail("snapshot_date", "a value is required");
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            row.Fail("snapshot_date", "is not a date in the form YYYY-MM-DD");
            return null;
        }
        if (date > _today)
        {
            row.Fail("snapshot_date", "is in the future");
            return null;
        }
        return date;
    }

    /// <summary>
    /// Deletes any snapshot of the establishment on the date (with its prisoners) and adds the new one. Runs inside
    /// the import's transaction, so a rejected file leaves the old snapshot in place. Returns what was there before
    /// (with its prisoners when <paramref name="withRecords"/>), so the import can say truthfully what changed.
    /// </summary>
    public async Task<(PopulationSnapshot Snapshot, PreviousSnapshot? Previous)> ReplaceAsync(
        int establishmentId, DateOnly date, PopulationSnapshotKind kind, int population, DateTime importedAt, bool withRecords, CancellationToken ct)
    {
        var existing = _db.PopulationSnapshots.Where(s => s.EstablishmentId == establishmentId && s.SnapshotDate == date);
        var before = await existing.AsNoTracking().Select(s => new { s.Id, s.Kind, s.Population }).FirstOrDefaultAsync(ct);
        PreviousSnapshot? previous = null;
        if (before is not null)
        {
            var records = withRecords
                ? await _db.PopulationRecords.AsNoTracking().Where(r => r.SnapshotId == before.Id)
                    .ToDictionaryAsync(r => r.Prisoner, r => new RecordedHome(r.HomeDistrict, r.HomeSource, r.UnknownHomeReason), StringComparer.Ordinal, ct)
                : [];
            previous = new PreviousSnapshot(before.Kind, before.Population, records);
        }
        await _db.PopulationRecords.Where(r => existing.Select(s => s.Id).Contains(r.SnapshotId)).ExecuteDeleteAsync(ct);
        await existing.ExecuteDeleteAsync(ct);
        var snapshot = new PopulationSnapshot
        {
            EstablishmentId = establishmentId,
            SnapshotDate = date,
            Month = YearMonth.Of(date).Key,
            Kind = kind,
            Population = population,
            ImportedAt = importedAt,
        };
        _db.PopulationSnapshots.Add(snapshot);
        await _db.SaveChangesAsync(ct);
        return (snapshot, previous);
    }
}

/// <summary>What a prisoner-level record says about a prisoner's home; equal values mean the record is unchanged.</summary>
internal sealed record RecordedHome(string? District, HomeSource? Source, string? UnknownReason);

/// <summary>The snapshot an import replaced, to count what is added, updated and unchanged.</summary>
internal sealed record PreviousSnapshot(PopulationSnapshotKind Kind, int Population, IReadOnlyDictionary<string, RecordedHome> Records);
