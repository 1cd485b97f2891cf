using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Core.Exports;

namespace VisitsCapture.Web.Features.Shared;

/// <summary>A table (<see cref="TabularExport"/>) as a file download.</summary>
public static class ExportDownload
{
    /// <summary>The download in the requested format ("csv" or "xlsx"); null for any other format.</summary>
    public static FileContentResult? File(ExportTable table, string? format, string fileNameWithoutExtension) =>
        format?.ToLowerInvariant() switch
        {
            "csv" => new FileContentResult(TabularExport.Csv(table), TabularExport.CsvType) { FileDownloadName = fileNameWithoutExtension + ".csv" },
            "xlsx" => new FileContentResult(TabularExport.Xlsx(table), TabularExport.XlsxType) { FileDownloadName = fileNameWithoutExtension + ".xlsx" },
            _ => null,
        };
}
