namespace VisitsCapture.IntegrationTests.Infrastructure;

/// <summary>The app on PostgreSQL: its own throwaway cluster and database, for the tests that run on both providers.</summary>
public sealed class PostgresAppFixture : IAsyncLifetime
{
    private readonly PostgresCluster _cluster = new();

    public AppFactory App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await _cluster.InitializeAsync();
        App = new AppFactory { PostgresConnectionString = _cluster.NewDatabase() };
        await App.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await _cluster.DisposeAsync();
    }
}
