using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Web.Imports;

namespace VisitsCapture.Web.Features.Admin.Imports;

/// <summary>
/// <c>import family-groups</c>: group,establishment,from_month,to_month. Memberships are keyed by establishment
/// and first month. An establishment belongs to exactly one group in a month, so overlaps are refused, except
/// that a new membership ends an open-ended earlier one the month before it starts (a change of group mid-year).
/// </summary>
public sealed class FamilyGroupsImporter(VisitsDbContext db) : IImporter
{
    public string Kind => "family-groups";

    public string Description => "Comparator groups: which group each establishment belongs to, from which month (YYYY-MM) to which (empty if still a member).";

    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken ct)
    {
        using var csv = CsvRows.OpenOne(files, "family groups", ["group", "establishment", "from_month", "to_month"], out var rejected);
        if (csv is null)
        {
            return ImportResult.Rejected(rejected);
        }

        var establishments = await EstablishmentCodes.LoadAsync(db, ct);
        var rows = new List<CsvRow>();
        var lines = new List<Line>();
        foreach (var row in csv.Rows())
        {
            rows.Add(row);
            var group = row.Text("group", required: true, maxLength: 100);
            var e = establishments.Read(row);
            var from = row.Month("from_month", required: true);
            var to = row.Month("to_month");
            if (from is not null && to is not null && to < from)
            {
                row.Fail("to_month", $"{to} is before the first month {from}");
            }
            if (row.IsValid)
            {
                lines.Add(new Line(row, group!, e!.Id, e.Code, e.Function, from!.Value.Key, to?.Key));
            }
            progress?.Report(rows.Count);
        }
        RejectOverlapsWithinFile(lines);

        var establishmentIds = lines.Select(l => l.EstablishmentId).Distinct().ToList();
        var existing = await db.FamilyGroupMemberships.Include(m => m.FamilyGroup)
            .Where(m => establishmentIds.Contains(m.EstablishmentId))
            .ToListAsync(ct);
        var plan = Plan(lines.Where(l => l.Row.IsValid).ToList(), existing);
        var errors = rows.SelectMany(r => r.Errors).ToList();
        if (rows.Count == 0)
        {
            errors.Add(new ImportError(0, null, "The file has no memberships"));
        }
        if (errors.Count > 0)
        {
            return ImportResult.Rejected(errors);
        }

        await using var transaction = await db.BeginUnlessInOneAsync(ct);
        var groups = await db.FamilyGroups.ToDictionaryAsync(g => g.Name, StringComparer.OrdinalIgnoreCase, ct);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var line in lines)
        {
            if (!groups.TryGetValue(line.Group, out var group))
            {
                // A new group takes the function of its first member: groups compare establishments of one function.
                groups[line.Group] = group = new FamilyGroup { Name = line.Group, Function = line.Function };
                db.FamilyGroups.Add(group);
                created++;
            }
            if (plan.Matches.TryGetValue(line, out var membership))
            {
                if (membership.FamilyGroupId == group.Id && group.Id != 0 && membership.ToMonth == line.To)
                {
                    unchanged++;
                    continue;
                }
                membership.FamilyGroup = group;
                membership.ToMonth = line.To;
                updated++;
            }
            else
            {
                db.FamilyGroupMemberships.Add(new FamilyGroupMembership { FamilyGroup = group, EstablishmentId = line.EstablishmentId, FromMonth = line.From, ToMonth = line.To });
            }
        }
        foreach (var (membership, to) in plan.Closures)
        {
            membership.ToMonth = to;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitIfOwnedAsync(ct);
        return new ImportResult
        {
            Rows = rows.Count,
            Added = lines.Count - plan.Matches.Count,
            Updated = updated + plan.Closures.Count,
            Unchanged = unchanged,
            Note = $"{created} group{(created == 1 ? "" : "s")} created; {plan.Closures.Count} earlier membership{(plan.Closures.Count == 1 ? "" : "s")} ended.",
        };
    }

    /// <summary>Two rows for one establishment must not cover the same month.</summary>
    private static void RejectOverlapsWithinFile(List<Line> lines)
    {
        foreach (var byEstablishment in lines.GroupBy(l => l.EstablishmentId))
        {
            var ordered = byEstablishment.OrderBy(l => l.From).ThenBy(l => l.Row.Number).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var (previous, line) = (ordered[i - 1], ordered[i]);
                if (Overlap(previous.From, previous.To, line.From, line.To))
                {
                    var (earlier, later) = previous.Row.Number < line.Row.Number ? (previous, line) : (line, previous);
                    later.Row.Fail("from_month", $"{later.Code} is in {earlier.Group} from {Describe(earlier.From, earlier.To)} in row {earlier.Row.Number}: an establishment belongs to one group in a month");
                }
            }
        }
    }

    /// <summary>
    /// Matches each line to the existing membership with the same key (an update), and finds the open-ended earlier
    /// memberships that the lines end. Any other overlap with existing memberships is an error on the line.
    /// </summary>
    private static MembershipPlan Plan(List<Line> lines, List<FamilyGroupMembership> existing)
    {
        var plan = new MembershipPlan();
        foreach (var byEstablishment in lines.GroupBy(l => l.EstablishmentId))
        {
            var mine = existing.Where(m => m.EstablishmentId == byEstablishment.Key).ToList();
            var keys = byEstablishment.Select(l => l.From).ToHashSet();
            var others = mine.Where(m => !keys.Contains(m.FromMonth)).ToList();
            foreach (var line in byEstablishment.OrderBy(l => l.From))
            {
                if (mine.FirstOrDefault(m => m.FromMonth == line.From) is { } same)
                {
                    plan.Matches[line] = same;
                }
                foreach (var other in others)
                {
                    var otherTo = plan.Closures.TryGetValue(other, out var closed) ? closed : other.ToMonth;
                    if (!Overlap(other.FromMonth, otherTo, line.From, line.To))
                    {
                        continue;
                    }
                    if (otherTo is null && other.FromMonth < line.From)
                    {
                        plan.Closures[other] = YearMonth.FromKey(line.From).Previous.Key;
                        continue;
                    }
                    line.Row.Fail("from_month",
                        $"{line.Code} is already in {other.FamilyGroup?.Name} from {Describe(other.FromMonth, otherTo)}: an establishment belongs to one group in a month, so end or change that membership first");
                }
            }
        }
        return plan;
    }

    private static bool Overlap(int fromA, int? toA, int fromB, int? toB) => fromA <= (toB ?? int.MaxValue) && fromB <= (toA ?? int.MaxValue);

    private static string Describe(int from, int? to) =>
        $"{YearMonth.FromKey(from)}" + (to is null ? " onwards" : $" to {YearMonth.FromKey(to.Value)}");

    private sealed record Line(CsvRow Row, string Group, int EstablishmentId, string Code, string Function, int From, int? To);

    private sealed class MembershipPlan
    {
        public Dictionary<Line, FamilyGroupMembership> Matches { get; } = [];
        public Dictionary<FamilyGroupMembership, int> Closures { get; } = [];
    }
}
