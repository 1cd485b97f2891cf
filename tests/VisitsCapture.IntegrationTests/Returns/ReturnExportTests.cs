using MiniExcelLibs;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Returns;
using VisitsCapture.Web.Features.Returns;

namespace VisitsCapture.IntegrationTests.Returns;

/// <summary>The monthly-return CSV of DESIGN.md, byte for byte, and the XLSX sheets.</summary>
public sealed class ReturnExportTests
{
    private const string Header =
        "establishment,month,version,status,family_group,population,places_available,capacity_ratio,visits_attended,"
        + "visits_per_100_prisoners,visitors,child_visitors,child_visitors_per_100_prisoners,enhanced_family_visits,"
        + "utilisation_pct,prisoner_reach_pct,no_show_pct,sessions_lost,mean_distance_miles,median_distance_miles,"
        + "pli_pct,unknown_home_count";

    /// <summary>
    /// ABC: capacity ratio 201 / 200 = 1.005 (→ 1.01, half away from zero), mean distance 2205 / 180 = 12.25 (→ 12.3),
    /// median 10.05 (→ 10.1), PLI 90 / 180 = 50%, utilisation 300 / 201 = 1.4925…% (→ 1.49).
    /// DEF: no population and no sessions: every ratio is "no data", an empty cell, never 0.
    /// </summary>
    private static readonly ReturnRow[] Fixture =
    [
        new("ABC", "HMP ABC", "West Midlands", "Male local", 1, ReturnStatus.Draft, false, 1, KpiRollup.Single(new KpiCounts
        {
            Population = 200, PlacesAvailable = 201, VisitsAttended = 3, Visitors = 8, ChildVisitors = 4, EnhancedFamilyVisits = 1,
            PrisonersVisited = 2, NoShows = 1, SessionsLost = 1, HasPrisonerLevelSnapshot = true, KnownHomes = 180, UnknownHomes = 20,
            HomesWithinRadius = 90, SumDistanceMiles = 2205, MedianDistanceMiles = 10.05,
        })),
        new("DEF", "HMP DEF", "Wales", "=HYPERLINK(\"x\")", 2, ReturnStatus.SignedOff, true, 1, KpiRollup.Single(new KpiCounts())),
    ];

    [Fact]
    public void Csv_has_the_design_columns_in_order_with_its_rounding_and_empty_cells_for_no_data()
    {
        var expected =
            Header + "\r\n"
            + "ABC,2026-01,1,Draft,Male local,200,201,1.01,3,1.50,8,4,2.00,1,1.49,1.00,25.00,1,12.3,10.1,50.00,20\r\n"
            + "DEF,2026-01,2,SignedOff,\"'=HYPERLINK(\"\"x\"\")\",,0,,0,,0,0,,0,,,,0,,,,\r\n";
        Assert.Equal(expected, ReturnExport.Csv("2026-01", Fixture));
    }

    [Fact]
    public void Csv_header_is_design_md_exactly() => Assert.Equal(Header, string.Join(',', ReturnExport.Header));

    [Fact]
    public void Xlsx_has_one_sheet_per_scope_with_rounded_numbers_and_neutralised_text()
    {
        var rollup = new ReturnRollup("2026-01", 1, Fixture,
            [Fixture[0] with { Key = "Male local", Name = "Male local" }],
            [Fixture[0] with { Key = "West Midlands", Name = "West Midlands" }],
            Fixture[0] with { Key = "England and Wales", Name = "England and Wales" });
        using var stream = new MemoryStream();
        ReturnExport.WriteXlsx(stream, rollup);
        stream.Position = 0;
        Assert.Equal(["Establishments", "Family groups", "Regions", "National"], MiniExcel.GetSheetNames(stream));

        var rows = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "Establishments").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(1.01, Convert.ToDouble(rows[0]["capacity_ratio"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(12.3, Convert.ToDouble(rows[0]["mean_distance_miles"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("'=HYPERLINK(\"x\")", rows[1]["family_group"]);
        Assert.Null(rows[1]["capacity_ratio"]);
        var national = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "National").Cast<IDictionary<string, object?>>().Single();
        Assert.Equal("England and Wales", national["scope"]);
    }
}
