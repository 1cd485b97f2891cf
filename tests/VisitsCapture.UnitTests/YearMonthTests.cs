using VisitsCapture.Core.Domain;
using Xunit;

namespace VisitsCapture.UnitTests;

public sealed class YearMonthTests
{
    [Fact]
    public void A_month_is_written_as_a_key_in_words_and_for_chart_axes()
    {
        var may = new YearMonth(2025, 5);
        Assert.Equal("2025-05", may.ToString());
        Assert.Equal("May 2025", may.ToLongString());
        Assert.Equal("May 2025", may.ToShortString());
        Assert.Equal("January 2026", new YearMonth(2026, 1).ToLongString());
        Assert.Equal("Jan 2026", new YearMonth(2026, 1).ToShortString());
    }
}
