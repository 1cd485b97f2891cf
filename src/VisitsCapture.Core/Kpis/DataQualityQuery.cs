using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Kpis;

/// <summary>A past session with visits logged but no outcome recorded for some of them.</summary>
public sealed record SessionWithoutOutcomes(DateOnly Date, TimeOnly Start, SessionType Type, int VisitsWithoutOutcome);

/// <summary>A day of the month with sessions (of any type or status).</summary>
public sealed record SessionDay(DateOnly Date, int Sessions);

/// <summary>How complete an establishment's data for a month is (the dashboard's data-quality panel).</summary>
public sealed record DataQuality(
    YearMonth Month,
    IReadOnlyList<SessionWithoutOutcomes> SessionsWithoutOutcomes,
    IReadOnlyList<DateOnly> DaysWithoutSessions,
    int DaysConsidered,
    IReadOnlyList<SessionDay> SessionDays,
    DataQualityFinding? Population);

/// <summary>
/// The data-quality panel of an establishment's month, straight from its sessions and visits, with the rules and
/// wording of <see cref="DataQualityFindings"/> (the ones stored with monthly returns).
/// </summary>
public sealed class DataQualityQuery(VisitsDbContext db, ReportingCalendar calendar)
{
    /// <summary>
    /// Sessions before today with a visit still without an outcome (attendance is recorded positively, never by
    /// default); days of the month (up to today for the current month) without any session recorded, whatever its
    /// type or status; and the population finding of the month's counts (<paramref name="counts"/>: the KPI counts
    /// shown beside the panel; null when the month has no data). (The share of unknown homes is a KPI count:
    /// <see cref="Core.Measures.KpiRollup.UnknownHomesPct"/>.)
    /// </summary>
    public async Task<DataQuality> ForMonthAsync(int establishmentId, YearMonth month, KpiCounts? counts, CancellationToken ct = default)
    {
        var key = month.Key;
        var today = calendar.Today;
        var withoutOutcomes = await db.Sessions.AsNoTracking()
            .Where(s => s.EstablishmentId == establishmentId && s.Month == key && s.Date < today)
            .Select(s => new { s.Date, s.Start, s.Type, Missing = s.Visits.AsQueryable().Count(DataQualityFindings.WithoutOutcome) })
            .Where(s => s.Missing > 0)
            .OrderBy(s => s.Date).ThenBy(s => s.Start)
            .ToListAsync(ct);
        var days = await db.Sessions.AsNoTracking()
            .Where(s => s.EstablishmentId == establishmentId && s.Month == key)
            .GroupBy(s => s.Date)
            .Select(g => new { Date = g.Key, Sessions = g.Count() })
            .OrderBy(d => d.Date)
            .ToListAsync(ct);

        var lastDay = month.LastDay < today ? month.LastDay : today;
        var considered = Enumerable.Range(0, Math.Max(0, lastDay.DayNumber - month.FirstDay.DayNumber + 1))
            .Select(month.FirstDay.AddDays).ToList();
        var withSessions = days.Select(d => d.Date).ToHashSet();

        return new DataQuality(
            month,
            withoutOutcomes.Select(s => new SessionWithoutOutcomes(s.Date, s.Start, s.Type, s.Missing)).ToList(),
            considered.Where(d => !withSessions.Contains(d)).ToList(),
            considered.Count,
            days.Select(d => new SessionDay(d.Date, d.Sessions)).ToList(),
            DataQualityFindings.Population(counts));
    }
}
