using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Imports;

/// <summary>A problem with one cell or row of an import file. Row is the line number in the file (the header is row 1).</summary>
public sealed record ImportError(int Row, string? Column, string Message)
{
    public override string ToString() => Row == 0 ? Message : Column is null ? $"Row {Row}: {Message}" : $"Row {Row}, column {Column}: {Message}";
}

/// <summary>
/// Streams a UTF-8 CSV file with a header row. Column order is free, names are exact, unknown columns are ignored
/// (DESIGN.md "Interfaces"). Values are read through <see cref="CsvRow"/>, which records every problem it finds.
/// </summary>
public sealed class CsvRows : IDisposable
{
    private readonly CsvParser _parser;
    private readonly Dictionary<string, int> _columns;

    private CsvRows(CsvParser parser, Dictionary<string, int> columns)
    {
        _parser = parser;
        _columns = columns;
    }

    public IReadOnlyCollection<string> Columns => _columns.Keys;

    public static CsvRows Open(Stream stream, bool hasHeader = true)
    {
        var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = null,
            DetectDelimiter = false,
            TrimOptions = TrimOptions.Trim,
        });
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        if (hasHeader && parser.Read())
        {
            var header = parser.Record ?? [];
            for (var i = 0; i < header.Length; i++)
            {
                columns.TryAdd(header[i].Trim().TrimStart('\uFEFF'), i);
            }
        }
        return new CsvRows(parser, columns);
    }

    /// <summary>
    /// The file of an import that takes exactly one, opened with its header checked; null, with the errors that reject
    /// the import, when there is not exactly one file or the header lacks a required column.
    /// </summary>
    /// <param name="what">The kind of file, for the message: "Import one family groups file at a time".</param>
    public static CsvRows? OpenOne(IReadOnlyList<ImportFile> files, string what, IReadOnlyList<string> columns, out IReadOnlyList<ImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count != 1)
        {
            errors = [new ImportError(0, null, $"Import one {what} file at a time")];
            return null;
        }
        var csv = Open(files[0].Open());
        var missing = csv.MissingColumns([.. columns]).ToList();
        if (missing.Count > 0)
        {
            csv.Dispose();
            errors = missing;
            return null;
        }
        errors = [];
        return csv;
    }

    /// <summary>
    /// The rows of several files, file after file, for an import that takes many; a file whose header lacks a required
    /// column adds those errors to <paramref name="errors"/> and is skipped.
    /// </summary>
    public static IEnumerable<CsvRow> RowsOf(IReadOnlyList<ImportFile> files, IReadOnlyList<string> columns, ICollection<ImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var file in files)
        {
            using var csv = Open(file.Open());
            var missing = csv.MissingColumns([.. columns]).ToList();
            if (missing.Count > 0)
            {
                foreach (var error in missing)
                {
                    errors.Add(error);
                }
                continue;
            }
            foreach (var row in csv.Rows())
            {
                yield return row;
            }
        }
    }

    /// <summary>File-level errors for required columns missing from the header.</summary>
    public IEnumerable<ImportError> MissingColumns(params string[] required) =>
        required.Where(c => !_columns.ContainsKey(c)).Select(c => new ImportError(1, c, $"the header has no column \"{c}\""));

    public IEnumerable<CsvRow> Rows()
    {
        while (_parser.Read())
        {
            var record = _parser.Record ?? [];
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            yield return new CsvRow(_parser.Row, record, _columns);
        }
    }

    public void Dispose() => _parser.Dispose();
}

/// <summary>One data row. Each typed getter returns null and records an <see cref="ImportError"/> when the value is bad.</summary>
public sealed class CsvRow(int number, string[] fields, IReadOnlyDictionary<string, int> columns)
{
    public int Number { get; } = number;
    public List<ImportError> Errors { get; } = [];
    public bool IsValid => Errors.Count == 0;

    /// <summary>The raw field by position, for files without a header (Code-Point Open).</summary>
    public string Field(int index) => index < fields.Length ? fields[index].Trim() : "";

    public string Raw(string column) => columns.TryGetValue(column, out var i) && i < fields.Length ? fields[i].Trim() : "";

    public void Fail(string? column, string message) => Errors.Add(new ImportError(Number, column, message));

    public string? Text(string column, bool required = false, int maxLength = 200)
    {
        var v = Raw(column);
        if (v.Length == 0)
        {
            if (required)
            {
                Fail(column, "a value is required");
            }
            return null;
        }
        if (v.Length > maxLength)
        {
            Fail(column, $"must be {maxLength} characters or fewer");
            return null;
        }
        return v;
    }

    public int? Int(string column, bool required = false, int min = int.MinValue, int max = int.MaxValue)
    {
        var v = Raw(column);
        if (v.Length == 0)
        {
            return Missing<int>(column, required);
        }
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            Fail(column, $"\"{Shorten(v)}\" is not a whole number");
            return null;
        }
        if (n < min || n > max)
        {
            Fail(column, $"{n} is out of range ({min} to {max})");
            return null;
        }
        return n;
    }

    public double? Double(string column, bool required = false, double min = double.MinValue, double max = double.MaxValue)
    {
        var v = Raw(column);
        if (v.Length == 0)
        {
            return Missing<double>(column, required);
        }
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n))
        {
            Fail(column, $"\"{Shorten(v)}\" is not a number");
            return null;
        }
        if (n < min || n > max)
        {
            Fail(column, $"{v} is out of range ({min} to {max})");
            return null;
        }
        return n;
    }

    public DateOnly? Date(string column, bool required = false)
    {
        var v = Raw(column);
        if (v.Length == 0)
        {
            return Missing<DateOnly>(column, required);
        }
        if (!DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            Fail(column, $"\"{Shorten(v)}\" is not a date in the form YYYY-MM-DD");
            return null;
        }
        return d;
    }

    public TimeOnly? Time(string column, bool required = false)
    {
        var v = Raw(column);
        if (v.Length == 0)
        {
            return Missing<TimeOnly>(column, required);
        }
        if (!TimeOnly.TryParseExact(v, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            Fail(column, $"\"{Shorten(v)}\" is not a time in the form HH:MM");
            return null;
        }
        return t;
    }

    public YearMonth? Month(string column, bool required = false)
    {
        var v = Raw(column);
        if (v.Length == 0)
        {
            return Missing<YearMonth>(column, required);
        }
        if (!YearMonth.TryParse(v, out var m))
        {
            Fail(column, $"\"{Shorten(v)}\" is not a month in the form YYYY-MM");
            return null;
        }
        return m;
    }

    public bool? Bool(string column, bool required = false)
    {
        var v = Raw(column).ToLowerInvariant();
        switch (v)
        {
            case "":
                return Missing<bool>(column, required);
            case "true" or "yes" or "y" or "1":
                return true;
            case "false" or "no" or "n" or "0":
                return false;
            default:
                Fail(column, $"\"{Shorten(v)}\" is not true or false");
                return null;
        }
    }

    /// <summary>An enum value by name, case-insensitively (DESIGN.md: Social, EnhancedFamily, Attended ...).</summary>
    public TEnum? Enum<TEnum>(string column, bool required = false) where TEnum : struct, Enum
    {
        var v = Raw(column);
        if (v.Length == 0)
        {
            return Missing<TEnum>(column, required);
        }
        if (int.TryParse(v, out _) || !System.Enum.TryParse<TEnum>(v.Replace("_", ""), ignoreCase: true, out var e))
        {
            Fail(column, $"\"{Shorten(v)}\" is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
            return null;
        }
        return e;
    }

    private T? Missing<T>(string column, bool required) where T : struct
    {
        if (required)
        {
            Fail(column, "a value is required");
        }
        return null;
    }

    private static string Shorten(string v) => v.Length > 40 ? v[..40] + "…" : v;
}
