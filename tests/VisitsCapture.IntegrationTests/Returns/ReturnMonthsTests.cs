using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using VisitsCapture.Core.Domain;
using VisitsCapture.Web.Features.Returns;

namespace VisitsCapture.IntegrationTests.Returns;

/// <summary>Month ends by the Europe/London local date. BST 2026: 29 March to 25 October; 2027: 28 March to 31 October.</summary>
public sealed class ReturnMonthsTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Theory]
    [InlineData("2027-03-31T22:59:59Z", "2027-03")] // 23:59:59 BST
    [InlineData("2027-03-31T23:00:00Z", "2027-04")] // 00:00 BST on 1 April
    [InlineData("2027-03-31T23:30:00Z", "2027-04")]
    [InlineData("2027-03-28T00:59:00Z", "2027-03")] // a minute before the clocks go forward
    [InlineData("2027-03-28T01:00:00Z", "2027-03")] // 02:00 BST
    [InlineData("2026-10-31T23:30:00Z", "2026-10")] // GMT again since 25 October: still 31 October
    [InlineData("2026-10-31T23:59:59Z", "2026-10")]
    [InlineData("2026-11-01T00:00:00Z", "2026-11")]
    [InlineData("2026-09-30T23:30:00Z", "2026-10")] // BST: 00:30 on 1 October
    [InlineData("2027-10-31T00:30:00Z", "2027-10")] // 01:30 BST on the day the clocks go back
    [InlineData("2027-10-31T23:30:00Z", "2027-10")] // GMT by then
    [InlineData("2028-02-29T23:59:59Z", "2028-02")] // leap day, GMT
    [InlineData("2028-03-01T00:00:00Z", "2028-03")]
    [InlineData("2025-12-31T23:59:59Z", "2025-12")]
    public void Local_month_of_an_instant(string instant, string month) =>
        Assert.Equal(month, ReturnMonths.LocalMonth(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), London).ToString());

    [Fact]
    public void The_last_complete_month_comes_from_the_injected_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 31, 23, 30, 0, TimeSpan.Zero));
        var months = new ReturnMonths(clock, Options.Create(new ReturnsOptions()));
        Assert.Equal(new YearMonth(2026, 10), months.Current);
        Assert.Equal(new YearMonth(2026, 9), months.LastComplete);
        clock.SetUtcNow(new DateTimeOffset(2027, 3, 31, 23, 30, 0, TimeSpan.Zero));
        Assert.Equal(new YearMonth(2027, 4), months.Current);
        Assert.Equal(new YearMonth(2027, 3), months.LastComplete);
    }
}
