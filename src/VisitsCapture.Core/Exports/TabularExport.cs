using System.Globalization;
using System.Text;
using CsvHelper;
using MiniExcelLibs;

namespace VisitsCapture.Core.Exports;

/// <summary>One cell of an export: text, or a number with its published text (for CSV) and value (for XLSX).</summary>
public readonly record struct ExportCell(string Text, double? Number)
{
    public static ExportCell Of(string? text) => new(text ?? "", null);
    public static ExportCell Of(double? number, string text) => new(text, number);
    public static implicit operator ExportCell(string? text) => Of(text);
}

/// <summary>A table to download: a header row and cells.</summary>
public sealed record ExportTable(string SheetName, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<ExportCell>> Rows)
{
    /// <summary>A list of prison numbers, one column "prisoner" (the governor's follow-up lists).</summary>
    public static ExportTable Prisoners(string sheetName, IEnumerable<string> prisoners) =>
        new(sheetName, ["prisoner"], prisoners.Select(p => (IReadOnlyList<ExportCell>)[p]).ToList());
}

/// <summary>
/// CSV (UTF-8, invariant culture) and XLSX (MiniExcel) downloads of a table. Text cells that a spreadsheet would run
/// as a formula are neutralised (<see cref="SpreadsheetText"/>); numbers stay numbers.
/// </summary>
public static class TabularExport
{
    public const string CsvType = "text/csv";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The table as CSV on <paramref name="writer"/> (left open): every download's CSV, and the returns file of the command line.</summary>
    public static void WriteCsv(TextWriter writer, ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var header in table.Headers)
        {
            csv.WriteField(header);
        }
        csv.NextRecord();
        foreach (var row in table.Rows)
        {
            foreach (var cell in row)
            {
                csv.WriteField(cell.Number is null ? SpreadsheetText.Neutralise(cell.Text) : cell.Text);
            }
            csv.NextRecord();
        }
        csv.Flush();
    }

    /// <summary>The table as CSV text.</summary>
    public static string CsvText(ExportTable table)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteCsv(writer, table);
        return writer.ToString();
    }

    /// <summary>The table as UTF-8 CSV bytes (no byte order mark).</summary>
    public static byte[] Csv(ExportTable table)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            WriteCsv(writer, table);
        }
        return buffer.ToArray();
    }

    public static byte[] Xlsx(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = table.Rows.Select(row =>
        {
            var record = new Dictionary<string, object?>();
            for (var i = 0; i < table.Headers.Count; i++)
            {
                var cell = i < row.Count ? row[i] : default;
                record[table.Headers[i]] = cell.Number is { } n ? n : cell.Text is null or "" ? null : SpreadsheetText.Neutralise(cell.Text);
            }
            return record;
        }).ToList();
        if (rows.Count == 0)
        {
            // MiniExcel takes the header from the first row: write the header alone.
            rows.Add(table.Headers.ToDictionary(h => h, _ => (object?)null));
        }
        using var buffer = new MemoryStream();
        buffer.SaveAs(rows, sheetName: table.SheetName);
        return buffer.ToArray();
    }

    /// <summary>A name made safe for a download's file name: "West Midlands" → "west-midlands".</summary>
    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Concat(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');
    }
}
