using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;

namespace VisitsCapture.Web.Features.Admin.Imports;

/// <summary>
/// <c>import prison-register</c>: shared/data/prisons/prisons_england_wales.csv. Active prisons become
/// establishments (function in DESIGN.md's words, see <see cref="PrisonFunctions"/>); inactive ones are ignored.
/// Each of them that belongs to no family group joins the default group of its function from 2000-01; existing
/// memberships are left alone, and administrators edit the groups afterwards.
/// </summary>
public sealed class PrisonRegisterImporter(VisitsDbContext db, TimeProvider clock) : IImporter
{
    /// <summary>Default memberships start early enough to cover any history imported later.</summary>
    public static readonly YearMonth DefaultMembershipFrom = new(2000, 1);

    private static readonly string[] Columns =
        ["prison_id", "name", "active", "male", "female", "contracted", "types", "categories", "function_2017", "region", "postcode", "latitude", "longitude"];

    public string Kind => "prison-register";

    public string Description => "The prison register (prisons_england_wales.csv): every active prison, placed in a default family group by its function.";

    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken ct)
    {
        using var csv = CsvRows.OpenOne(files, "prison register", Columns, out var rejected);
        if (csv is null)
        {
            return ImportResult.Rejected(rejected);
        }

        var rows = new List<CsvRow>();
        var prisons = new List<(CsvRow Row, EstablishmentValues Value)>();
        var inactive = 0;
        foreach (var row in csv.Rows())
        {
            rows.Add(row);
            progress?.Report(rows.Count);
            if (row.Bool("active", required: true) != true)
            {
                inactive += row.IsValid ? 1 : 0;
                continue;
            }
            var value = Read(row);
            if (value is not null)
            {
                prisons.Add((row, value));
            }
        }
        EstablishmentCells.RejectDuplicateCodes(prisons, v => v.Code, "prison_id");
        var errors = rows.SelectMany(r => r.Errors).ToList();
        if (prisons.Count == 0)
        {
            errors.Add(new ImportError(0, null, "The file has no active prisons"));
        }
        if (errors.Count > 0)
        {
            return ImportResult.Rejected(errors);
        }

        await using var transaction = await db.BeginUnlessInOneAsync(ct);
        var upserter = new EstablishmentUpserter(db, clock);
        var existing = await upserter.LoadAsync(prisons.Select(p => p.Value.Code).ToList(), ct);
        // The register does not know capacities or opening dates: keep whatever an establishments import gave.
        var values = prisons.Select(p => existing.TryGetValue(p.Value.Code, out var e)
            ? p.Value with { OperationalCapacity = e.OperationalCapacity, Cna = e.Cna, OpenedOn = e.OpenedOn }
            : p.Value).ToList();
        var (added, updated, unchanged) = upserter.Apply(values, existing);
        await db.SaveChangesAsync(ct);
        var (groupsCreated, assigned) = await AssignDefaultGroupsAsync(values.Select(v => existing[v.Code]).ToList(), ct);
        await transaction.CommitIfOwnedAsync(ct);
        return new ImportResult
        {
            Rows = rows.Count,
            Added = added,
            Updated = updated,
            Unchanged = unchanged,
            Note = $"{inactive} inactive prison{(inactive == 1 ? "" : "s")} ignored. {assigned} establishment{(assigned == 1 ? "" : "s")} placed in a default family group ({groupsCreated} group{(groupsCreated == 1 ? "" : "s")} created).",
        };
    }

    private static EstablishmentValues? Read(CsvRow row)
    {
        var code = EstablishmentCells.Code(row, "prison_id");
        var name = row.Text("name", required: true, maxLength: 200);
        var region = row.Text("region", required: true, maxLength: 100);
        var male = row.Bool("male") ?? false;
        var female = row.Bool("female") ?? false;
        var contracted = row.Bool("contracted") ?? false;
        var postcode = EstablishmentCells.Postcode(row, "postcode");
        var latitude = EstablishmentCells.Latitude(row, "latitude", required: true);
        var longitude = EstablishmentCells.Longitude(row, "longitude", required: true);
        var function = PrisonFunctions.Derive(row.Raw("function_2017"), row.Raw("types"), row.Raw("categories"), male, female);
        return row.IsValid
            ? new EstablishmentValues(code!, name!, region!, function, contracted, null, null, postcode, latitude!.Value, longitude!.Value, false, null, null)
            : null;
    }

    /// <summary>Puts each establishment without any family-group membership into the group named after its function.</summary>
    private async Task<(int GroupsCreated, int Assigned)> AssignDefaultGroupsAsync(List<Establishment> establishments, CancellationToken ct)
    {
        var ids = establishments.Select(e => e.Id).ToList();
        var withGroup = (await db.FamilyGroupMemberships.Where(m => ids.Contains(m.EstablishmentId)).Select(m => m.EstablishmentId).Distinct().ToListAsync(ct)).ToHashSet();
        var ungrouped = establishments.Where(e => !withGroup.Contains(e.Id)).ToList();
        if (ungrouped.Count == 0)
        {
            return (0, 0);
        }
        var groups = await db.FamilyGroups.ToDictionaryAsync(g => g.Name, StringComparer.OrdinalIgnoreCase, ct);
        var created = 0;
        foreach (var e in ungrouped)
        {
            if (!groups.TryGetValue(e.Function, out var group))
            {
                groups[e.Function] = group = new FamilyGroup { Name = e.Function, Function = e.Function };
                db.FamilyGroups.Add(group);
                created++;
            }
            db.FamilyGroupMemberships.Add(new FamilyGroupMembership { FamilyGroup = group, EstablishmentId = e.Id, FromMonth = DefaultMembershipFrom.Key });
        }
        await db.SaveChangesAsync(ct);
        return (created, ungrouped.Count);
    }
}
