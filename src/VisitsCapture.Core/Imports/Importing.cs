namespace VisitsCapture.Core.Imports;

/// <summary>A file to import: its name (for messages) and a way to open it. A folder import (Code-Point Open) has several.</summary>
public sealed record ImportFile(string Name, Func<Stream> Open)
{
    public static ImportFile FromPath(string path) => new(Path.GetFileName(path), () => File.OpenRead(path));
}

/// <summary>
/// What an import did. A file with any invalid row is rejected whole: then <see cref="Errors"/> lists every problem
/// and nothing was written.
/// </summary>
public sealed class ImportResult
{
    public IReadOnlyList<ImportError> Errors { get; init; } = [];
    public int Rows { get; init; }
    public int Added { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
    public string? Note { get; init; }

    public bool Succeeded => Errors.Count == 0;

    public string Summary => Succeeded
        ? $"{Rows} rows read: {Added} added, {Updated} updated, {Unchanged} unchanged." + (Note is null ? "" : " " + Note)
        : $"Rejected: {Errors.Count} problem{(Errors.Count == 1 ? "" : "s")} found; nothing was imported.";

    public static ImportResult Rejected(IEnumerable<ImportError> errors) => new() { Errors = errors.ToList() };
}

/// <summary>One kind of import (DESIGN.md "Interfaces"): establishments, family-groups, outcodes, population ...</summary>
public interface IImporter
{
    /// <summary>The kind's name on the command line, e.g. "establishments".</summary>
    string Kind { get; }

    string Description { get; }

    /// <summary>Imports all-or-nothing. Reports progress as rows read so far.</summary>
    Task<ImportResult> ImportAsync(IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken cancellationToken);
}
