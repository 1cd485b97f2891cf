using VisitsCapture.Core.Exports;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>The one formula-neutralising rule of every CSV and XLSX download (KPI tables, population comparison, returns).</summary>
public sealed class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
    [InlineData("+44", "'+44")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("HMP Birmingham", "HMP Birmingham")]
    [InlineData("50.00", "50.00")]
    [InlineData("", "")]
    public void Cells_that_a_spreadsheet_would_run_are_neutralised(string cell, string expected)
    {
        Assert.Equal(expected, SpreadsheetText.Neutralise(cell));
    }

    [Fact]
    public void Null_stays_null() => Assert.Null(SpreadsheetText.Neutralise(null));
}
