namespace VisitsCapture.IntegrationTests.Infrastructure;

/// <summary>The open reference data in ../shared/data beside the repository. Missing data fails the test, never skips it.</summary>
public static class SharedData
{
    public static string Folder { get; } = Find();

    public static string File(params string[] parts) => Path.Combine([Folder, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("The reference data folder shared/data was not found beside the repository: the tests need ../shared/data.");
    }
}
