namespace VisitsCapture.Web.Demo;

/// <summary>Fills an empty database with the demo: prisons, groups, districts, 24 months of activity, demo users.</summary>
public sealed class DemoSeeder
{
    public Task SeedAsync(TextWriter output, CancellationToken ct) => throw new NotImplementedException("demo seed is being written");
}
