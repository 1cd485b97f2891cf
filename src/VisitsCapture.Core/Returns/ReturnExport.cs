using System.Globalization;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Exports;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Returns;

/// <summary>
/// The monthly-return downloads. CSV: DESIGN.md's columns in its order, ratios and percentages to 2 dp, miles to 1 dp
/// (half away from zero), no data = an empty cell. XLSX: one sheet per scope with the same columns as numbers.
/// Text that a spreadsheet would read as a formula is neutralised (<see cref="SpreadsheetText"/>). A value withheld by
/// the <see cref="KpiDisplay"/> (a small number, for anyone outside the establishment) is written as "&lt;5".
/// </summary>
public static class ReturnExport
{
    public static IReadOnlyList<string> Header { get; } =
    [
        "establishment", "month", "version", "status", "family_group", "population",
        .. KpiFormulas.Table.Select(KpiFormulas.CsvColumn),
        "unknown_home_count",
        .. KpiFormulas.FamilyContact.Select(KpiFormulas.CsvColumn),
        "nearer_to_home_count",
    ];

    public static void WriteCsv(TextWriter writer, string period, IEnumerable<ReturnRow> rows, KpiDisplay display) =>
        TabularExport.WriteCsv(writer, Table(period, rows, display));

    public static string Csv(string period, IEnumerable<ReturnRow> rows, KpiDisplay display) => TabularExport.CsvText(Table(period, rows, display));

    /// <summary>DESIGN.md's return CSV as a table: text cells (neutralised when written) and numbers in their published text.</summary>
    private static ExportTable Table(string period, IEnumerable<ReturnRow> rows, KpiDisplay display) => new("Returns", Header, rows.Select(r => (IReadOnlyList<ExportCell>)
    [
        r.Key,
        period,
        ExportCell.Of(r.Version, r.Version?.ToString(CultureInfo.InvariantCulture) ?? ""),
        r.Status?.ToString(),
        r.FamilyGroup,
        ExportCell.Of(r.Figures.Population, ReturnFormat.Population(r.Figures.Population)),
        .. KpiFormulas.Table.Select(kpi => KpiCell(kpi, r.Figures, display)),
        ReturnFormat.CountCell(r.Figures.UnknownHomes, display),
        .. KpiFormulas.FamilyContact.Select(kpi => KpiCell(kpi, r.Figures, display)),
        ReturnFormat.CountCell(r.Figures.NearerToHome, display),
    ]).ToList());

    private static ExportCell KpiCell(Kpi kpi, KpiRollup figures, KpiDisplay display) => display.IsWithheld(kpi, figures.Value(kpi))
        ? ExportCell.Of(display.Suppressed)
        : ExportCell.Of(figures.Rounded(kpi), ReturnFormat.Kpi(kpi, figures));

    /// <summary>Sheets "Establishments", "Family groups", "Regions" and "National" (when given), numbers rounded as in the CSV.</summary>
    public static void WriteXlsx(Stream stream, ReturnRollup rollup, KpiDisplay display)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        ArgumentNullException.ThrowIfNull(display);
        var sheets = new Dictionary<string, object>
        {
            ["Establishments"] = Rows(rollup.Establishments, rollup.Period, "establishment", withReturnColumns: true, display),
            ["Family groups"] = Rows(rollup.FamilyGroups, rollup.Period, "family_group", withReturnColumns: false, display),
            ["Regions"] = Rows(rollup.Regions, rollup.Period, "region", withReturnColumns: false, display),
        };
        if (rollup.National is { } nation)
        {
            sheets["National"] = Rows([nation], rollup.Period, "scope", withReturnColumns: false, display);
        }
        Save(stream, sheets);
    }

    /// <summary>One sheet, "Establishments", of the given returns (an establishment's own download), as in <see cref="WriteXlsx(Stream, ReturnRollup, KpiDisplay)"/>.</summary>
    public static void WriteXlsx(Stream stream, string period, IEnumerable<ReturnRow> rows, KpiDisplay display)
    {
        ArgumentNullException.ThrowIfNull(display);
        Save(stream, new Dictionary<string, object> { ["Establishments"] = Rows(rows, period, "establishment", withReturnColumns: true, display) });
    }

    private static void Save(Stream stream, Dictionary<string, object> sheets)
    {
        var config = new OpenXmlConfiguration
        {
            TableStyles = TableStyles.Default,
            AutoFilter = true,
            FreezeRowCount = 1,
            FreezeColumnCount = 1,
            // Auto width needs fast mode (rows are held to measure them): a return sheet is ~125 rows.
            FastMode = true,
            EnableAutoWidth = true,
            DynamicColumns =
            [
                .. KpiFormulas.All.Select(k => new DynamicExcelColumn(KpiFormulas.CsvColumn(k)) { Format = NumberFormat(KpiFormulas.Decimals(k)) }),
                new DynamicExcelColumn("population") { Format = "0.##" },
                new DynamicExcelColumn("months_returned") { Format = "0" },
                new DynamicExcelColumn("version") { Format = "0" },
            ],
        };
        MiniExcel.SaveAs(stream, sheets, printHeader: true, excelType: ExcelType.XLSX, configuration: config);
    }

    private static List<Dictionary<string, object?>> Rows(IEnumerable<ReturnRow> rows, string period, string keyColumn, bool withReturnColumns, KpiDisplay display) =>
        rows.Select(r =>
        {
            var row = new Dictionary<string, object?>
            {
                [keyColumn] = SpreadsheetText.Neutralise(r.Key),
                ["name"] = SpreadsheetText.Neutralise(r.Name),
                ["period"] = SpreadsheetText.Neutralise(period),
            };
            if (withReturnColumns)
            {
                row["region"] = SpreadsheetText.Neutralise(r.Region);
                row["family_group"] = SpreadsheetText.Neutralise(r.FamilyGroup);
                row["version"] = r.Version;
                row["status"] = r.Status?.ToString();
            }
            row["months_returned"] = r.Returns;
            row["population"] = Rounding.HalfAwayFromZero(r.Figures.Population, 2);
            object? Kpi(Kpi kpi) => display.IsWithheld(kpi, r.Figures.Value(kpi)) ? display.Suppressed : r.Figures.Rounded(kpi);
            object? Count(int? count) => display.IsWithheld(count) ? display.Suppressed : count;
            foreach (var kpi in KpiFormulas.Table)
            {
                row[KpiFormulas.CsvColumn(kpi)] = Kpi(kpi);
            }
            row["unknown_home_count"] = Count(r.Figures.UnknownHomes);
            foreach (var kpi in KpiFormulas.FamilyContact)
            {
                row[KpiFormulas.CsvColumn(kpi)] = Kpi(kpi);
            }
            row["nearer_to_home_count"] = Count(r.Figures.NearerToHome);
            return row;
        }).ToList();

    private static string NumberFormat(int decimals) => decimals == 0 ? "0" : "0." + new string('0', decimals);
}
