namespace VisitsCapture.BrowserTests.Infrastructure;

/// <summary>The screens the service is built for: the visits hall tablet first, and an office desktop.</summary>
public sealed record Viewport(string Name, int Width, int Height)
{
    public static readonly Viewport Tablet = new("tablet", 768, 1024);
    public static readonly Viewport Desktop = new("desktop", 1280, 800);

    public static Viewport Named(string name) => name switch
    {
        "tablet" => Tablet,
        "desktop" => Desktop,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown viewport"),
    };

    public override string ToString() => $"{Name} {Width}x{Height}";
}
