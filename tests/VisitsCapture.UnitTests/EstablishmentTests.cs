using VisitsCapture.Core.Domain;
using Xunit;

namespace VisitsCapture.UnitTests;

public sealed class EstablishmentTests
{
    [Theory]
    [InlineData(null, null, true)]
    [InlineData("2026-01-31", null, true)] // opened on the month's last day
    [InlineData("2026-02-01", null, false)]
    [InlineData(null, "2026-01-02", true)] // closed from the 2nd: open on the 1st
    [InlineData(null, "2026-01-01", false)] // closed from the 1st: never open in January
    [InlineData("2025-06-01", "2025-12-01", false)]
    public void Open_during_a_month_means_open_on_at_least_one_of_its_days(string? opened, string? closed, bool open)
    {
        var e = new Establishment
        {
            Code = "ABC", Name = "HMP ABC",
            OpenedOn = opened is null ? null : DateOnly.Parse(opened, System.Globalization.CultureInfo.InvariantCulture),
            ClosedOn = closed is null ? null : DateOnly.Parse(closed, System.Globalization.CultureInfo.InvariantCulture),
        };
        var january = new YearMonth(2026, 1);
        Assert.Equal(open, Establishment.OpenDuring(january).Compile()(e));
        Assert.Equal(open, Enumerable.Range(0, 31).Any(d => e.IsOpenOn(january.FirstDay.AddDays(d)))); // agrees with IsOpenOn
    }
}
