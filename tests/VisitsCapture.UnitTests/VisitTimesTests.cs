using VisitsCapture.Core.Capture;
using VisitsCapture.Core.Domain;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>The one rule for a visit's times against its session: defaults for an earlier day, and the outside-session warning.</summary>
public sealed class VisitTimesTests
{
    private static readonly TimeOnly Start = new(14, 0);
    private static readonly TimeOnly End = new(16, 0);

    private static VisitValues Values(VisitOutcome? outcome, TimeOnly? arrived = null, TimeOnly? ended = null) =>
        new("A1234BC", 1, 0, 0, 0, null, false, null, null, outcome, arrived, ended);

    [Theory]
    [InlineData("07:00", true)]
    [InlineData("13:59", true)]
    [InlineData("14:00", false)]
    [InlineData("16:00", false)]
    [InlineData("16:01", true)]
    public void An_arrival_outside_the_session_is_flagged(string arrived, bool flagged)
    {
        var warning = VisitRules.ArrivalOutsideSession(TimeOnly.Parse(arrived), Start, End);
        Assert.Equal(flagged, warning is not null);
        if (flagged)
        {
            Assert.Equal($"The arrival time {arrived} is outside the session (14:00 to 16:00). Check it is the time the visitors arrived.", warning);
        }
    }

    [Fact]
    public void No_arrival_is_not_flagged() => Assert.Null(VisitRules.ArrivalOutsideSession(null, Start, End));

    [Fact]
    public void An_earlier_day_takes_the_sessions_times_when_none_are_given()
    {
        Assert.Equal(Start, VisitRules.WithSessionTimes(Values(VisitOutcome.Attended), Start, End).ArrivedAt);
        Assert.Equal(new TimeOnly(14, 20), VisitRules.WithSessionTimes(Values(VisitOutcome.Attended, new TimeOnly(14, 20)), Start, End).ArrivedAt);
        var terminated = VisitRules.WithSessionTimes(Values(VisitOutcome.Terminated), Start, End);
        Assert.Equal((Start, End), (terminated.ArrivedAt!.Value, terminated.EndedAt!.Value));
        var noShow = VisitRules.WithSessionTimes(Values(VisitOutcome.NoShow), Start, End);
        Assert.Equal((null, null), (noShow.ArrivedAt, noShow.EndedAt));
        Assert.Null(VisitRules.WithSessionTimes(Values(null), Start, End).ArrivedAt);
    }
}
