using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Standards;

/// <summary>What the roll-ups need of an audit.</summary>
public sealed record AuditFact(int Id, int EstablishmentId, int StandardId, DateOnly AuditDate, AuditStatus Status, int? SupersedesId, double? Score);

/// <summary>Which audit counts for an establishment and standard.</summary>
public static class LatestAudits
{
    /// <summary>
    /// The latest completed audit per (establishment, standard): drafts never count, nor does a completed audit that a
    /// completed audit supersedes (a draft replacement does not yet replace it). Latest = latest audit date, then
    /// the last recorded.
    /// </summary>
    public static IReadOnlyDictionary<(int EstablishmentId, int StandardId), AuditFact> Of(IEnumerable<AuditFact> audits)
    {
        ArgumentNullException.ThrowIfNull(audits);
        var completed = audits.Where(a => a.Status == AuditStatus.Completed).ToList();
        var superseded = completed.Where(a => a.SupersedesId is not null).Select(a => a.SupersedesId!.Value).ToHashSet();
        return completed.Where(a => !superseded.Contains(a.Id))
            .GroupBy(a => (a.EstablishmentId, a.StandardId))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.AuditDate).ThenByDescending(a => a.Id).First());
    }
}
