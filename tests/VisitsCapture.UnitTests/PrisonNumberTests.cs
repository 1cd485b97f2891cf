using VisitsCapture.Core.Domain;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>The one prison number rule of the hall pages, the API and the visits and population imports.</summary>
public sealed class PrisonNumberTests
{
    [Theory]
    [InlineData("A1234BC", true)]
    [InlineData("Z9999ZZ", true)]
    [InlineData("A0000AA", true)]
    [InlineData("a1234bc", false)] // exact form only: TryNormalise upper-cases first
    [InlineData("A123BC", false)]
    [InlineData("A12345BC", false)]
    [InlineData("11234BC", false)]
    [InlineData("A1234B1", false)]
    [InlineData("A1234 BC", false)]
    [InlineData("A1234BÇ", false)]
    [InlineData("A١٢٣٤BC", false)] // Arabic-Indic digits are digits, not ASCII ones
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Prison_numbers_are_a_letter_four_digits_and_two_letters(string? text, bool valid)
    {
        Assert.Equal(valid, PrisonNumber.TryParse(text, out _));
    }

    [Theory]
    [InlineData(" a1234bc ", "A1234BC")]
    [InlineData("A1234 BC", "A1234BC")]
    [InlineData("a 1 2 3 4 b c", "A1234BC")]
    [InlineData("\tA1234BC\r\n", "A1234BC")]
    [InlineData("   ", "")]
    [InlineData(null, "")]
    public void Typed_or_imported_numbers_lose_white_space_and_are_upper_cased(string? input, string clean)
    {
        Assert.Equal(clean, PrisonNumber.Clean(input));
        Assert.Equal(clean.Length > 0, PrisonNumber.TryNormalise(input, out var number));
        Assert.Equal(clean.Length > 0 ? clean : null, number.Text);
    }

    [Fact]
    public void Distinct_prison_numbers_have_distinct_keys()
    {
        var keys = new HashSet<int>();
        foreach (var text in new[] { "A0000AA", "A0000AB", "A0000BA", "A0001AA", "B0000AA", "Z9999ZZ", "A9999ZZ", "B0000AB" })
        {
            Assert.True(PrisonNumber.TryParse(text, out var n));
            Assert.True(keys.Add(n.Key), text);
        }
        Assert.True(PrisonNumber.TryParse("A0000AA", out var first));
        Assert.Equal(0, first.Key);
        Assert.True(PrisonNumber.TryParse("Z9999ZZ", out var last));
        Assert.Equal(26 * 10_000 * 676 - 1, last.Key);
        Assert.Equal("Z9999ZZ", last.ToString());
    }
}
