using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

/// <summary>The same app on PostgreSQL: sign-in, auditing and the KPI counts' grouped queries translate and agree.</summary>
public sealed class PostgresTests(PostgresAppFixture fixture) : IClassFixture<PostgresAppFixture>
{
    private AppFactory App => fixture.App;

    [Fact]
    public async Task Sign_in_works_and_is_audited()
    {
        await App.AddUserAsync("pg-admin", Roles.Administrator, null);
        var client = await App.SignedInAsync("pg-admin");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);
        Assert.True(await App.WithDbAsync(db => Task.FromResult(db.AuditEvents.Any(a => a.Actor == "pg-admin" && a.Action == "SignedIn"))));
    }

    [Fact]
    public async Task Kpi_counts_for_a_month_are_computed_on_postgres()
    {
        var e = await App.AddEstablishmentAsync("PGK");
        await App.WithDbAsync(async db =>
        {
            var social = new Session { EstablishmentId = e.Id, Start = new(14, 0), End = new(16, 0), Type = SessionType.Social, CapacityVisits = 20, CapacityVisitors = 60 };
            social.SetDate(new DateOnly(2025, 4, 2));
            var official = new Session { EstablishmentId = e.Id, Start = new(9, 0), End = new(10, 0), Type = SessionType.Official, CapacityVisits = 5, CapacityVisitors = 5 };
            official.SetDate(new DateOnly(2025, 4, 2));
            var cancelled = new Session { EstablishmentId = e.Id, Start = new(14, 0), End = new(16, 0), Type = SessionType.Social, CapacityVisits = 20, CapacityVisitors = 60, Status = SessionStatus.CancelledByEstablishment };
            cancelled.SetDate(new DateOnly(2025, 4, 3));
            db.Sessions.AddRange(social, official, cancelled);
            await db.SaveChangesAsync();
            Visit V(Session s, string prisoner, VisitOutcome outcome, int adults, int children) => new()
            {
                ClientId = Guid.NewGuid(), EstablishmentId = e.Id, SessionId = s.Id, Date = s.Date, Month = s.Month, Prisoner = prisoner,
                Outcome = outcome, Adults = adults, Children5To11 = children, CreatedAt = DateTime.UtcNow,
            };
            db.Visits.AddRange(
                V(social, "A1111AA", VisitOutcome.Attended, 2, 1),
                V(social, "A1111AA", VisitOutcome.Attended, 1, 0),
                V(social, "B2222BB", VisitOutcome.NoShow, 1, 0),
                V(official, "C3333CC", VisitOutcome.Attended, 1, 0));
            db.PopulationSnapshots.Add(new PopulationSnapshot { EstablishmentId = e.Id, SnapshotDate = new(2025, 4, 1), Month = 202504, Kind = PopulationSnapshotKind.CountOnly, Population = 400, ImportedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });

        using var scope = App.Services.CreateScope();
        var counts = (await scope.ServiceProvider.GetRequiredService<KpiCountsQuery>().ForMonthAsync(new YearMonth(2025, 4), TestContext.Current.CancellationToken))[e.Id];

        Assert.Equal(20, counts.PlacesAvailable);
        Assert.Equal(1, counts.SessionsLost);
        Assert.Equal(2, counts.VisitsAttended);
        Assert.Equal(4, counts.Visitors);
        Assert.Equal(1, counts.ChildVisitors);
        Assert.Equal(1, counts.NoShows);
        Assert.Equal(1, counts.PrisonersVisited);
        Assert.Equal(400, counts.Population);
        Assert.False(counts.HasPrisonerLevelSnapshot);
    }
}
