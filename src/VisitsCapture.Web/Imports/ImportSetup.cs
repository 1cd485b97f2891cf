using VisitsCapture.Core.Imports;

namespace VisitsCapture.Web.Imports;

public static class ImportSetup
{
    /// <summary>Registers every <see cref="IImporter"/> in the web project, whatever feature folder it lives in.</summary>
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        foreach (var type in typeof(ImportSetup).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IImporter).IsAssignableFrom(t)))
        {
            // By its own type too, for pages that run one kind (e.g. a family-group move is a one-row import).
            services.AddScoped(type);
            services.AddScoped(typeof(IImporter), sp => sp.GetRequiredService(type));
        }
        services.AddScoped<ImportRunner>();
        return services;
    }

    public static IImporter? Find(this IEnumerable<IImporter> importers, string kind) =>
        importers.FirstOrDefault(i => string.Equals(i.Kind, kind, StringComparison.OrdinalIgnoreCase));

    /// <summary>The files behind a command-line path: the file itself, or the CSV files of a folder (Code-Point Open's Data/CSV).</summary>
    public static IReadOnlyList<ImportFile> FilesAt(string path)
    {
        if (File.Exists(path))
        {
            return [ImportFile.FromPath(path)];
        }
        if (Directory.Exists(path))
        {
            var csvFolder = Directory.Exists(Path.Combine(path, "Data", "CSV")) ? Path.Combine(path, "Data", "CSV") : path;
            return Directory.GetFiles(csvFolder, "*.csv").Order(StringComparer.Ordinal).Select(ImportFile.FromPath).ToList();
        }
        throw new FileNotFoundException($"No file or folder at {path}.");
    }
}
