using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Impact;

namespace VisitsCapture.Web.Demo;

/// <summary>
/// The demo's interventions, so that the intervention and "what works" pages tell a story on first run: three with a
/// visible effect (from the start date the prison runs two more social sessions each weekend, so places, visits,
/// visitors and prisoners visited rise, while its comparators carry on as before), and one without (a booklet).
/// Starts are months after the first demo month, so that the whole window of 6 months either side is in the data.
/// </summary>
internal static class DemoInterventions
{
    public sealed record Planned(string Code, int MonthOffset, InterventionKind Kind, string Description, decimal? Cost, bool Effect)
    {
        public DateOnly Start(YearMonth first) => first.AddMonths(MonthOffset).FirstDay;
    }

    public static IReadOnlyList<Planned> All { get; } =
    [
        new("BMI", 14, InterventionKind.ChildFriendlyArea, "Play area in the visits hall refurbished; weekend afternoon sessions added", 18_500m, Effect: true),
        new("ASI", 12, InterventionKind.EnhancedFamilyVisits, "Enhanced family visits introduced on weekend evenings", 4_200m, Effect: true),
        new("DHI", 10, InterventionKind.FamilySupportCoordinator, "Family support coordinator appointed; extra weekend sessions", 32_000m, Effect: true),
        new("BXI", 12, InterventionKind.VisitorsBooklet, "Visitors' booklet adopted and sent with every visiting order", 900m, Effect: false),
    ];

    /// <summary>The start date from which the prison runs its extra weekend sessions, if it has an intervention with an effect.</summary>
    public static DateOnly? BoostFrom(string code, YearMonth first) =>
        All.FirstOrDefault(p => p.Effect && p.Code == code)?.Start(first);

    /// <summary>Adds the interventions of the prisons that exist (audited as the demo seed).</summary>
    public static void Add(VisitsDbContext db, IReadOnlyDictionary<string, int> establishments, YearMonth first)
    {
        foreach (var p in All.Where(p => establishments.ContainsKey(p.Code)))
        {
            db.Interventions.Add(new Intervention
            {
                EstablishmentId = establishments[p.Code],
                Kind = p.Kind,
                StartDate = p.Start(first),
                Description = p.Description,
                Cost = p.Cost,
            });
        }
    }
}
