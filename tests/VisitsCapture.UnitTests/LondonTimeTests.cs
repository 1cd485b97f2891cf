using System.Globalization;
using VisitsCapture.Core.Domain;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>London's date and months from a clock. BST 2026: 29 March to 25 October; 2027: 28 March to 31 October.</summary>
public sealed class LondonTimeTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static FixedClock At(string instant) => new(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture));

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
    public void Current_month_is_the_month_of_the_London_date(string instant, string month) =>
        Assert.Equal(month, At(instant).CurrentMonth().ToString());

    [Theory]
    [InlineData("2026-10-31T23:30:00Z", "2026-09")]
    [InlineData("2027-03-31T23:30:00Z", "2027-03")] // already April in London
    [InlineData("2026-01-01T00:00:00Z", "2025-12")]
    public void Last_complete_month_is_the_one_before_the_London_month(string instant, string month) =>
        Assert.Equal(month, At(instant).LastCompleteMonth().ToString());

    [Fact]
    public void Today_and_the_time_of_day_are_London_wall_clock()
    {
        var clock = At("2027-03-31T23:30:45Z");
        Assert.Equal(new DateOnly(2027, 4, 1), LondonTime.Today(clock));
        Assert.Equal(new DateOnly(2027, 4, 1), clock.LondonToday());
        Assert.Equal(new TimeOnly(0, 30), clock.LondonTimeOfDay());
    }

    [Fact]
    public void A_London_wall_clock_time_converts_to_UTC_and_formats_back()
    {
        var utc = LondonTime.ToUtc(new DateOnly(2025, 4, 1), new TimeOnly(7, 0));
        Assert.Equal(new DateTime(2025, 4, 1, 6, 0, 0, DateTimeKind.Utc), utc);
        Assert.Equal("1 April 2025, 07:00", LondonTime.Format(utc));
        Assert.Equal("", LondonTime.Format(null));
    }

    [Fact]
    public void Dates_are_written_in_words_and_a_stored_time_has_its_London_date()
    {
        Assert.Equal("5 February 2026", LondonTime.Format(new DateOnly(2026, 2, 5)));
        Assert.Equal(new DateOnly(2027, 4, 1), LondonTime.DateOf(new DateTime(2027, 3, 31, 23, 30, 0, DateTimeKind.Utc))); // BST
        Assert.Equal(new DateOnly(2026, 10, 31), LondonTime.DateOf(new DateTime(2026, 10, 31, 23, 30, 0, DateTimeKind.Utc))); // GMT
        Assert.Equal(new DateOnly(2027, 4, 1), LondonTime.DateOf(new DateTime(2027, 3, 31, 23, 30, 0, DateTimeKind.Unspecified))); // as stored by EF
    }
}
