using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Population;
using VisitsCapture.Web.Features.Population;

namespace VisitsCapture.IntegrationTests.Population;

/// <summary>The comparison page's column sort (a page concern, so it stays with the page's tests).</summary>
public sealed class PopulationComparisonSortTests
{
    [Fact]
    public void Sorting_puts_rows_without_a_value_last_in_both_directions()
    {
        static ComparisonRow Row(string name, double? pli) => new(name, name, "R", null, 1, 10,
            pli is null ? null : new LocalityResult(1, 0, 0, 0, 1, 1, pli, new Dictionary<DistanceBand, int>()), new CrossBorder(0, 0));
        ComparisonRow[] rows = [Row("b", 50), Row("a", null), Row("c", 70), Row("d", 50)];

        Assert.Equal(["c", "b", "d", "a"], PopulationComparisonController.Sort(rows, "pli", "desc").Select(r => r.Name));
        Assert.Equal(["b", "d", "c", "a"], PopulationComparisonController.Sort(rows, "pli", "asc").Select(r => r.Name));
        Assert.Equal(["a", "b", "c", "d"], PopulationComparisonController.Sort(rows, "name", "asc").Select(r => r.Name));
        Assert.Equal(["d", "c", "b", "a"], PopulationComparisonController.Sort(rows, "name", "desc").Select(r => r.Name));
    }
}
