using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Population;
using VisitsCapture.IntegrationTests.Infrastructure;
using static VisitsCapture.IntegrationTests.Population.PopulationData;

namespace VisitsCapture.IntegrationTests.Population;

public sealed class KeptPopulationDataTests(PopulationFixture fixture) : KeptPopulationDataTests<PopulationFixture>(fixture);

public sealed class PostgresKeptPopulationDataTests(PostgresPopulationFixture fixture) : KeptPopulationDataTests<PostgresPopulationFixture>(fixture);

/// <summary>
/// The prisoner records, their distances and the postcode districts are kept between requests (issue 13). Whatever changes
/// them, in this process or another one (the command line), the next request must see it: a district's new centroid, an
/// establishment's new location, a snapshot imported again.
/// </summary>
public abstract class KeptPopulationDataTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : AppFixture<PopulationAppFactory>
{
    private PopulationAppFactory App => fixture.App;

    [Fact]
    public async Task Distances_follow_a_new_centroid_a_new_location_and_a_new_import()
    {
        await AddDistrictsAsync(App);
        await App.AddEstablishmentAsync("KPT", latitude: FeatherstoneLat, longitude: FeatherstoneLon);
        await App.AddUserAsync("pl-kept", Roles.PathwayLead, null);
        var lead = await App.SignedInAsync("pl-kept");
        const string Header = "establishment,snapshot_date,prisoner,home_postcode,home_source\n";
        await ImportAsync(lead, "/population/import", "population", Header + "KPT,2025-04-30,K1111AA,WV10 1AA,home\nKPT,2025-04-30,K2222AA,M1 1AA,home\n");
        var wv10 = Districts.Single(d => d.Outcode == "WV10");
        var m1 = Districts.Single(d => d.Outcode == "M1");
        Assert.Equal(GreatCircle.Miles(wv10.Latitude, wv10.Longitude, FeatherstoneLat, FeatherstoneLon), await MilesAsync("K1111AA"));
        Assert.Equal(GreatCircle.Miles(wv10.Latitude, wv10.Longitude, FeatherstoneLat, FeatherstoneLon), await MilesAsync("K1111AA")); // kept

        // A district's centroid corrected (as an import does, in any process): the next read works distances out again.
        await App.WithDbAsync(async db =>
        {
            (await db.PostcodeDistricts.SingleAsync(d => d.Outcode == "WV10")).Latitude = 52.7;
            await db.SaveChangesAsync();
            Assert.Equal(1, await db.AuditEvents.CountAsync(a => a.EntityType == AuditInterceptor.PostcodeDistrictsChanged && a.After!.Contains("\"updated\":1")));
        });
        Assert.Equal(GreatCircle.Miles(52.7, wv10.Longitude, FeatherstoneLat, FeatherstoneLon), await MilesAsync("K1111AA"));

        // The establishment located elsewhere.
        await App.WithDbAsync(async db =>
        {
            (await db.Establishments.SingleAsync(e => e.Code == "KPT")).Latitude = CardiffLat;
            await db.SaveChangesAsync();
        });
        Assert.Equal(GreatCircle.Miles(m1.Latitude, m1.Longitude, CardiffLat, FeatherstoneLon), await MilesAsync("K2222AA"));

        // The snapshot imported again with other prisoners: the new ones, not the kept ones.
        await ImportAsync(lead, "/population/import", "population", Header + "KPT,2025-04-30,K3333AA,CF10 1AA,home\n");
        Assert.Null(await MilesAsync("K1111AA"));
        Assert.NotNull(await MilesAsync("K3333AA"));
    }

    [Fact]
    public async Task Prisoners_are_the_same_from_kept_records_and_from_the_database()
    {
        await AddDistrictsAsync(App);
        await App.AddEstablishmentAsync("KPP", latitude: FeatherstoneLat, longitude: FeatherstoneLon);
        await App.AddUserAsync("pl-kept-prisoners", Roles.PathwayLead, null);
        var lead = await App.SignedInAsync("pl-kept-prisoners");
        const string Header = "establishment,snapshot_date,prisoner,home_postcode,home_source\n";
        await ImportAsync(lead, "/population/import", "population", Header + "KPP,2025-04-30,P2222AA,WV10 1AA,home\nKPP,2025-04-30,P1111AA,,\n");
        var snapshot = await App.WithDbAsync(db => db.PopulationSnapshots.Where(s => s.Establishment!.Code == "KPP").Select(s => s.Id).SingleAsync());

        // Read from the (snapshot, prisoner) index when no records are kept; from the kept records once distances are worked out.
        App.Services.GetRequiredService<SnapshotRecordsCache>().Clear();
        Assert.Equal(["P1111AA", "P2222AA"], await PrisonersAsync(snapshot));
        await WithScopeAsync(sp => sp.GetRequiredService<HomeDistances>().ForSnapshotsAsync([snapshot], CancellationToken.None));
        Assert.True(App.Services.GetRequiredService<SnapshotRecordsCache>().Held >= 2);
        Assert.Equal(["P1111AA", "P2222AA"], await PrisonersAsync(snapshot));

        // Imported again: the new prisoners, not the kept ones.
        await ImportAsync(lead, "/population/import", "population", Header + "KPP,2025-04-30,P3333AA,WV10 1AA,home\n");
        snapshot = await App.WithDbAsync(db => db.PopulationSnapshots.Where(s => s.Establishment!.Code == "KPP").Select(s => s.Id).SingleAsync());
        Assert.Equal(["P3333AA"], await PrisonersAsync(snapshot));
    }

    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        using var scope = App.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    private Task<List<string>> PrisonersAsync(int snapshot) => WithScopeAsync(async sp =>
        (await sp.GetRequiredService<HomeDistances>().PrisonersAsync([snapshot], CancellationToken.None))[snapshot].Order(StringComparer.Ordinal).ToList());

    /// <summary>A prisoner's distance in KPT's April snapshot, worked out in a new scope as a request would; null when not in it.</summary>
    private async Task<double?> MilesAsync(string prisoner)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitsDbContext>();
        var snapshot = await db.PopulationSnapshots.Where(s => s.Establishment!.Code == "KPT").Select(s => s.Id).SingleAsync();
        var homes = (await scope.ServiceProvider.GetRequiredService<HomeDistances>().ForSnapshotsAsync([snapshot], CancellationToken.None))[snapshot];
        return homes.SingleOrDefault(h => h.Prisoner == prisoner)?.Miles;
    }
}
