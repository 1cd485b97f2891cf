namespace VisitsCapture.Web.Configuration;

/// <summary>Where the open reference data lives (DESIGN.md: ReferenceData:Path, default ../shared/data when present).</summary>
public sealed class ReferenceDataOptions
{
    public const string Section = "ReferenceData";

    public string? Path { get; set; }

    /// <summary>The absolute folder, or null when it does not exist.</summary>
    public string? Folder { get; private set; }

    public void Resolve(string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            return;
        }
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(contentRoot, Path));
        Folder = Directory.Exists(full) ? full : null;
    }

    public string? File(params string[] parts) =>
        Folder is null ? null : System.IO.Path.Combine([Folder, .. parts]);
}
