using VisitsCapture.Core.Domain;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>A visit's client_id: a UUID as it is, any other reference as its RFC 9562 version-5 UUID (checked against Python's uuid.uuid5).</summary>
public class ClientKeyTests
{
    [Theory]
    [InlineData("NOMIS-VISIT-000123", "32c76d25-e7b2-55f2-b6d9-31670e7ab2b0")]
    [InlineData("réf/42 ✓", "7873a1fa-3482-56d0-8934-fd61a7c47b5d")]
    [InlineData("3F2504E0-4F89-11D3-9A0C-0305E82C3301", "3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    public void Maps_text_deterministically_and_keeps_a_uuid(string text, string expected)
    {
        Assert.Equal(Guid.Parse(expected), ClientKey.From(text, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("", "a value is required")]
    [InlineData("ref\u0001x", "cannot be printed at position 4")]
    [InlineData("a\tb", "cannot be printed at position 2")]
    public void Refuses_what_is_not_a_client_id(string text, string message)
    {
        Assert.Null(ClientKey.From(text, out var error));
        Assert.Contains(message, error);
    }

    [Fact]
    public void Refuses_half_a_surrogate_pair()
    {
        // Built at run time: an attribute argument cannot hold a lone surrogate.
        var text = new string([(char)0xD800, 'x']);
        Assert.Null(ClientKey.From(text, out var error));
        Assert.Contains("cannot be printed at position 1", error);
    }

    [Fact]
    public void Counts_characters_not_utf16_units_up_to_100()
    {
        Assert.NotNull(ClientKey.From(string.Concat(Enumerable.Repeat("😀", 100)), out _));
        Assert.Null(ClientKey.From(new string('x', 101), out var error));
        Assert.Equal("is 101 characters long: use 1 to 100 printable characters", error);
    }
}
