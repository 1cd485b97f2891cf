using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

public class PostcodeDistrictsTests
{
    [Theory]
    [InlineData("WV10 6AA", "WV10")]
    [InlineData("wv10 6aa", "WV10")]
    [InlineData("WV106AA", "WV10")]
    [InlineData("  wv10   6aa  ", "WV10")]
    [InlineData("\tSW1A 2AA\n", "SW1A")]
    [InlineData("wv10", "WV10")]
    [InlineData(" WV10 ", "WV10")]
    [InlineData("EC1A 1BB", "EC1A")]
    [InlineData("ec1a1bb", "EC1A")]
    [InlineData("EC1A", "EC1A")]
    [InlineData("W1A 0AX", "W1A")]
    [InlineData("W1A0AX", "W1A")]
    [InlineData("W1A", "W1A")]
    [InlineData("B1 1AA", "B1")]
    [InlineData("B1  1AA", "B1")] // Code-Point Open pads short outcodes to seven characters
    [InlineData("b11aa", "B1")]
    [InlineData("B1", "B1")]
    [InlineData("M1 1AE", "M1")]
    [InlineData("M1", "M1")]
    [InlineData("B99 9ZZ", "B99")]
    [InlineData("DN55 1PT", "DN55")]
    [InlineData("CR2 6XH", "CR2")]
    public void Valid_input_gives_upper_case_district(string input, string expected)
    {
        Assert.True(PostcodeDistricts.TryParse(input, out var district));
        Assert.Equal(expected, district);
        Assert.Equal(expected, PostcodeDistricts.ToDistrict(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345")]
    [InlineData("WV10 6A")]
    [InlineData("ZZZZZ9 9ZZ")]
    [InlineData("WV10 6ABX")]
    [InlineData("WV10-6AA")]
    [InlineData("WV10 6A!")]
    [InlineData("WV10.")]
    [InlineData("WV10 6AA X")]
    [InlineData("W V10 6AA")]
    [InlineData("WV")]
    [InlineData("9WV 6AA")]
    [InlineData("WV10 AAA")]
    [InlineData("WV10 66A")]
    [InlineData("WV1AA")] // five characters: only a full postcode, and "1AA" leaves "WV" which is no district
    [InlineData("WVX1 6AA")]
    [InlineData("WV123 6AA")]
    [InlineData("ÄB1 1AA")]
    [InlineData("１２ 3AB")]
    public void Invalid_input_is_rejected(string? input)
    {
        Assert.False(PostcodeDistricts.TryParse(input, out var district));
        Assert.Equal("", district);
        Assert.Null(PostcodeDistricts.ToDistrict(input));
        Assert.False(PostcodeDistricts.IsFullPostcode(input));
    }

    [Theory]
    [InlineData("WV10 6AA", true)]
    [InlineData("wv106aa", true)]
    [InlineData("  ec1a  1bb ", true)]
    [InlineData("B1  1AA", true)]
    [InlineData("WV10", false)]
    [InlineData("W1A", false)]
    [InlineData("WV10 6A", false)]
    [InlineData("", false)]
    public void IsFullPostcode_needs_the_inward_code(string input, bool expected)
    {
        Assert.Equal(expected, PostcodeDistricts.IsFullPostcode(input));
    }
}
