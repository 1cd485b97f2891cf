using System.Diagnostics.CodeAnalysis;

namespace VisitsCapture.Core.Exports;

/// <summary>
/// Text written to a CSV or XLSX download that a spreadsheet would run as a formula (OWASP CSV injection, ASVS 1.2.10):
/// the one rule for every export (KPI tables, population comparison, monthly returns).
/// </summary>
public static class SpreadsheetText
{
    /// <summary>A cell starting with one of these is read as a formula: = + - @ tab and carriage return.</summary>
    public static IReadOnlyList<char> FormulaStarts { get; } = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>"=HYPERLINK(…)" becomes "'=HYPERLINK(…)": shown as text, never run. Numbers are written as numbers, not through this.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Neutralise(string? text) => text is { Length: > 0 } && FormulaStarts.Contains(text[0]) ? "'" + text : text;
}
