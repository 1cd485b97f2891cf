using System.Globalization;
using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

public class RoundingTests
{
    [Theory]
    [InlineData(1.005, 2, 1.01)]
    [InlineData(2.675, 2, 2.68)]
    [InlineData(-1.005, 2, -1.01)]
    [InlineData(0.125, 2, 0.13)]
    [InlineData(1.004, 2, 1.0)]
    [InlineData(2.5, 0, 3.0)]
    [InlineData(-2.5, 0, -3.0)]
    [InlineData(1.25, 1, 1.3)]
    [InlineData(42.45, 1, 42.5)]
    [InlineData(33.333333333333336, 2, 33.33)]
    [InlineData(66.66666666666667, 2, 66.67)]
    [InlineData(7.0, 2, 7.0)]
    public void Rounds_half_away_from_zero_on_the_decimal_value(double value, int decimals, double expected)
    {
        Assert.Equal(expected, Rounding.HalfAwayFromZero(value, decimals));
    }

    [Fact]
    public void Null_stays_null()
    {
        Assert.Null(Rounding.HalfAwayFromZero(null, 2));
    }

    [Fact]
    public void Tiny_negative_rounds_to_positive_zero()
    {
        var r = Rounding.HalfAwayFromZero(-0.001, 2)!.Value;
        Assert.Equal(0.0, r);
        Assert.False(double.IsNegative(r));
    }

    [Theory]
    [InlineData(1.5, 2, "1.50")]
    [InlineData(1.005, 2, "1.01")]
    [InlineData(2.675, 2, "2.68")]
    [InlineData(-1.005, 2, "-1.01")]
    [InlineData(0.125, 2, "0.13")]
    [InlineData(-0.001, 2, "0.00")]
    [InlineData(0.0, 2, "0.00")]
    [InlineData(42.45, 1, "42.5")]
    [InlineData(100.0, 0, "100")]
    [InlineData(1234567.891, 1, "1234567.9")]
    [InlineData(120.0, 2, "120.00")]
    public void Format_gives_exactly_the_decimals_in_invariant_culture(double value, int decimals, string expected)
    {
        Assert.Equal(expected, Rounding.Format(value, decimals));
    }

    [Fact]
    public void Format_of_no_data_is_empty()
    {
        Assert.Equal("", Rounding.Format(null, 2));
    }

    [Fact]
    public void Format_ignores_the_current_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("1234.57", Rounding.Format(1234.565, 2));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Decimals_out_of_range_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rounding.HalfAwayFromZero(1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rounding.Format(1, 16));
    }
}
