using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

public class SmallNumbersTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(120, false)]
    public void Counts_from_one_to_below_the_default_threshold_are_suppressed(int? count, bool suppressed)
    {
        Assert.Equal(suppressed, SmallNumbers.IsSuppressed(count));
    }

    [Theory]
    [InlineData(9, 10, true)]
    [InlineData(10, 10, false)]
    [InlineData(1, 1, false)] // a threshold of 1 suppresses nothing
    [InlineData(2, 3, true)]
    public void Threshold_is_configurable(int count, int threshold, bool suppressed)
    {
        Assert.Equal(suppressed, SmallNumbers.IsSuppressed(count, threshold));
    }

    [Theory]
    [InlineData(3, 5, "<5")]
    [InlineData(1, 5, "<5")]
    [InlineData(0, 5, "0")]
    [InlineData(5, 5, "5")]
    [InlineData(7, 10, "<10")]
    [InlineData(12345, 5, "12345")]
    [InlineData(null, 5, "")]
    public void Display(int? count, int threshold, string expected)
    {
        Assert.Equal(expected, SmallNumbers.Display(count, threshold));
    }
}
