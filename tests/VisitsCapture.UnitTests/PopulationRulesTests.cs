using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Population;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>The population feature's pure rules (no app): unknown homes, sorting, nations.</summary>
public sealed class PopulationRulesTests
{
    [Theory]
    [InlineData("WV10 6AA", "WV10", null)]
    [InlineData("wv106aa", "WV10", null)]
    [InlineData("WV10", "WV10", null)]
    [InlineData("", null, UnknownHome.NoPostcode)]
    [InlineData("   ", null, UnknownHome.NoPostcode)]
    [InlineData("WV10 6A!", null, UnknownHome.InvalidPostcode)]
    [InlineData("not a postcode", null, UnknownHome.InvalidPostcode)]
    [InlineData("ZZ99 9ZZ", "ZZ99", UnknownHome.UnknownDistrict)]
    public void A_home_postcode_gives_its_district_or_why_the_home_is_unknown(string postcode, string? district, string? reason)
    {
        var (d, r) = UnknownHome.HomeOf(postcode, new HashSet<string> { "WV10" });
        Assert.Equal((district, reason), (d, r));
        if (postcode.Trim().Length > 0)
        {
            Assert.DoesNotContain(postcode.Trim(), r ?? "", StringComparison.OrdinalIgnoreCase); // the reason never repeats the postcode
        }
    }

    [Theory]
    [InlineData("Wales", Nation.Wales)]
    [InlineData(" wales ", Nation.Wales)]
    [InlineData("West Midlands", Nation.England)]
    [InlineData("", Nation.England)]
    [InlineData(null, Nation.England)]
    public void An_establishment_in_the_Wales_region_is_held_in_Wales(string? region, Nation expected)
    {
        Assert.Equal(expected, PopulationMeasures.NationOf(region));
    }

    [Theory]
    [InlineData(HomeSource.Home, "Home address")]
    [InlineData(HomeSource.Court, "Committal court")]
    [InlineData(HomeSource.NextOfKin, "Next of kin")]
    [InlineData(HomeSource.Discharge, "Discharge address")]
    [InlineData(null, "Not recorded")]
    public void Home_sources_read_as_words(HomeSource? source, string label)
    {
        Assert.Equal(label, PopulationMeasures.SourceLabel(source));
    }

    [Theory]
    [InlineData(null, "No data")]
    [InlineData(50.0, "50.0%")]
    [InlineData(66.66666, "66.7%")]
    [InlineData(0.05, "0.1%")] // half away from zero
    public void Percentages_have_one_decimal_and_no_data_is_never_zero(double? value, string expected)
    {
        Assert.Equal(expected, PopulationFormat.Percent(value));
    }

    [Theory]
    [InlineData(12.0, "12")]
    [InlineData(1234.0, "1,234")]
    [InlineData(12.5, "12.5")]
    [InlineData(null, "No data")]
    public void Population_is_whole_unless_an_average(double? value, string expected)
    {
        Assert.Equal(expected, PopulationFormat.Population(value));
    }

    [Theory]
    [InlineData(-16.66667, "-16.7")]
    [InlineData(16.66667, "+16.7")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.01, "0.0")]
    public void Points_carry_a_sign(double value, string expected)
    {
        Assert.Equal(expected, PopulationFormat.Points(value));
    }
}
