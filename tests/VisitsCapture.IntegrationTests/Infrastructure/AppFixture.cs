namespace VisitsCapture.IntegrationTests.Infrastructure;

/// <summary>One started app per test class (xunit class fixture), with its own database.</summary>
public class AppFixture : IAsyncLifetime
{
    public AppFactory App { get; } = new();

    public virtual async ValueTask InitializeAsync() => await App.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
