using MiniExcelLibs;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Returns;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>The monthly-return CSV of DESIGN.md, byte for byte, and the XLSX sheets.</summary>
public sealed class ReturnExportTests
{
    private const string Header =
        "establishment,month,version,status,family_group,population,places_available,capacity_ratio,visits_attended,"
        + "visits_per_100_prisoners,visitors,child_visitors,child_visitors_per_100_prisoners,enhanced_family_visits,"
        + "utilisation_pct,prisoner_reach_pct,no_show_pct,sessions_lost,mean_distance_miles,median_distance_miles,"
        + "pli_pct,unknown_home_count,arrivals,arrivals_visited_pct,leavers,leavers_visited_pct,nearer_to_home_count";

    /// <summary>
    /// ABC: capacity ratio 201 / 200 = 1.005 (→ 1.01, half away from zero), mean distance 2205 / 180 = 12.25 (→ 12.3),
    /// median 10.05 (→ 10.1), PLI 90 / 180 = 50%, utilisation 300 / 201 = 1.4925…% (→ 1.49).
    /// Family contact: arrivals visited 7 / 30 = 23.333…% (→ 23.33), leavers visited 2 / 3 = 66.666…% (→ 66.67); 12 nearer to home.
    /// DEF: no population and no sessions: every ratio is "no data", an empty cell, never 0; with no prisoner-level
    /// snapshots, arrivals, leavers and the nearer-to-home count are "no data" too.
    /// </summary>
    private static readonly ReturnRow[] Fixture =
    [
        new("ABC", "HMP ABC", "West Midlands", "Male local", 1, ReturnStatus.Draft, false, 1, KpiRollup.Single(new KpiCounts
        {
            Population = 200, PlacesAvailable = 201, VisitsAttended = 3, Visitors = 8, ChildVisitors = 4, EnhancedFamilyVisits = 1,
            PrisonersVisited = 2, NoShows = 1, SessionsLost = 1, HasPrisonerLevelSnapshot = true, KnownHomes = 180, UnknownHomes = 20,
            HomesWithinRadius = 90, SumDistanceMiles = 2205, MedianDistanceMiles = 10.05, NearerToHome = 12,
            HasFamilyContact = true, Arrivals = 30, ArrivalsVisited = 7, Leavers = 3, LeaversVisited = 2,
        })),
        new("DEF", "HMP DEF", "Wales", "=HYPERLINK(\"x\")", 2, ReturnStatus.SignedOff, true, 1, KpiRollup.Single(new KpiCounts())),
    ];

    [Fact]
    public void Csv_has_the_design_columns_in_order_with_its_rounding_and_empty_cells_for_no_data()
    {
        var expected =
            Header + "\r\n"
            + "ABC,2026-01,1,Draft,Male local,200,201,1.01,3,1.50,8,4,2.00,1,1.49,1.00,25.00,1,12.3,10.1,50.00,20,30,23.33,3,66.67,12\r\n"
            + "DEF,2026-01,2,SignedOff,\"'=HYPERLINK(\"\"x\"\")\",,0,,0,,0,0,,0,,,,0,,,,,,,,,\r\n";
        Assert.Equal(expected, ReturnExport.Csv("2026-01", Fixture, KpiDisplay.Exact));
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
        ReturnExport.WriteXlsx(stream, rollup, KpiDisplay.Exact);
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

    /// <summary>
    /// Outside the establishment the counts of people 1-4 are withheld as "&lt;5" (visits attended 3, child visitors 4,
    /// enhanced family visits 1, sessions lost 1); places available (201, never suppressed), rates, distances and
    /// 0 stay as they are. Unknown homes (20), arrivals (30) and nearer to home (12) are not small; leavers (3) are.
    /// </summary>
    [Fact]
    public void Csv_outside_the_establishment_withholds_small_counts_of_people_only()
    {
        var expected =
            Header + "\r\n"
            + "ABC,2026-01,1,Draft,Male local,200,201,1.01,<5,1.50,8,<5,2.00,<5,1.49,1.00,25.00,<5,12.3,10.1,50.00,20,30,23.33,<5,66.67,12\r\n"
            + "DEF,2026-01,2,SignedOff,\"'=HYPERLINK(\"\"x\"\")\",,0,,0,,0,0,,0,,,,0,,,,,,,,,\r\n";
        Assert.Equal(expected, ReturnExport.Csv("2026-01", Fixture, new KpiDisplay(suppress: true, threshold: 5)));
    }

    [Fact]
    public void Csv_threshold_is_the_configured_one()
    {
        var csv = ReturnExport.Csv("2026-01", Fixture[..1], new KpiDisplay(suppress: true, threshold: 10));
        var cells = csv.Split("\r\n")[1].Split(',');
        Assert.Equal("<10", cells[Array.IndexOf(ReturnExport.Header.ToArray(), "visitors")]);
        Assert.Equal("20", cells[Array.IndexOf(ReturnExport.Header.ToArray(), "unknown_home_count")]);
        Assert.Equal("<10", cells[Array.IndexOf(ReturnExport.Header.ToArray(), "leavers")]);
        Assert.Equal("30", cells[Array.IndexOf(ReturnExport.Header.ToArray(), "arrivals")]);
    }

    [Fact]
    public void Xlsx_outside_the_establishment_withholds_small_counts_as_text()
    {
        var rollup = new ReturnRollup("2026-01", 1, Fixture, [], [], null);
        using var stream = new MemoryStream();
        ReturnExport.WriteXlsx(stream, rollup, new KpiDisplay(suppress: true, threshold: 5));
        stream.Position = 0;
        var abc = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "Establishments").Cast<IDictionary<string, object?>>().First();
        Assert.Equal("<5", abc["visits_attended"]);
        Assert.Equal("<5", abc["enhanced_family_visits"]);
        Assert.Equal(201.0, Convert.ToDouble(abc["places_available"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(20.0, Convert.ToDouble(abc["unknown_home_count"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("<5", abc["leavers"]);
        Assert.Equal(23.33, Convert.ToDouble(abc["arrivals_visited_pct"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(12.0, Convert.ToDouble(abc["nearer_to_home_count"], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Zero arrivals: arrivals 0 and arrivals visited % "no data" (an empty cell, never 0); leavers 4 with 1 visited = 25.00.
    /// A month with a prisoner-level snapshot but none the month before: the four family-contact cells are empty, the
    /// nearer-to-home count (from this month's snapshot alone) is there.
    /// </summary>
    [Fact]
    public void Csv_family_contact_with_zero_arrivals_and_without_the_previous_snapshot()
    {
        ReturnRow Row(string key, KpiCounts c) => new(key, key, "Wales", null, 1, ReturnStatus.Draft, false, 1, KpiRollup.Single(c));
        var rows = new[]
        {
            Row("GHI", new KpiCounts { Population = 4, HasPrisonerLevelSnapshot = true, KnownHomes = 4, HasFamilyContact = true, Leavers = 4, LeaversVisited = 1 }),
            Row("JKL", new KpiCounts { Population = 6, HasPrisonerLevelSnapshot = true, KnownHomes = 6, NearerToHome = 2 }),
        };
        var lines = ReturnExport.Csv("2026-02", rows, KpiDisplay.Exact).Split("\r\n");
        Assert.EndsWith(",0,0,,4,25.00,0", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",0,,,,,2", lines[2], StringComparison.Ordinal);
    }
}
