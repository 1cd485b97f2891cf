namespace VisitsCapture.IntegrationTests.Infrastructure;

/// <summary>
/// One started app per test class (xunit class fixture), with its own database: a SQLite file, or a new database on
/// the shared PostgreSQL cluster when given one. A fixture class per provider (xunit injects by exact type):
/// a SQLite one with a parameterless constructor and a PostgreSQL one taking <see cref="SharedPostgres"/>.
/// </summary>
public abstract class AppFixture<TApp>(SharedPostgres? postgres) : IAsyncLifetime where TApp : AppFactory, new()
{
    public TApp App { get; } = new() { Postgres = postgres };

    public virtual async ValueTask InitializeAsync() => await App.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class AppFixture() : AppFixture<AppFactory>(null);

public sealed class PostgresAppFixture(SharedPostgres postgres) : AppFixture<AppFactory>(postgres);
