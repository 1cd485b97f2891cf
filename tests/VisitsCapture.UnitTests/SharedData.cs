namespace VisitsCapture.UnitTests;

/// <summary>
/// Finds the shared reference-data folder (/work/shared/data, beside the repository) from the test binaries.
/// A missing folder is a test failure with a clear message, never a silent skip.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The absolute path of the shared/data folder.</summary>
    public static string Path => Root.Value;

    /// <summary>A file or folder under shared/data, e.g. File("outcodes", "x.csv").</summary>
    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        // Walk up from bin/<config>/<tfm>/: the repository sits in /work/<name>/ and the data in /work/shared/data.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            $"Could not find the shared reference data: no 'shared/data' folder in any parent of '{AppContext.BaseDirectory}'. " +
            "The tests expect the repository to sit beside 'shared/' (e.g. /work/<repo>/ and /work/shared/data).");
    }
}
