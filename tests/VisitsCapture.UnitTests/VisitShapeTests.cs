using VisitsCapture.Core.Capture;
using VisitsCapture.Core.Domain;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>The one visit shape: stored values written as fields read back, through the same rules, as the same values.</summary>
public sealed class VisitShapeTests
{
    public static TheoryData<VisitValues> Stored => new()
    {
        new VisitValues("A1234BC", 2, 1, 0, 3, Relationship.OtherFamily, true, "WV10", "B4", VisitOutcome.Terminated, new TimeOnly(14, 5), new TimeOnly(15, 0)),
        new VisitValues("Z9999ZZ", 1, 0, 0, 0, null, false, null, null, null, null, null),
        new VisitValues("A1111AA", 0, 0, 2, 0, Relationship.Parent, false, "SW1A", "12", VisitOutcome.CancelledByEstablishment, null, null),
    };

    [Theory]
    [MemberData(nameof(Stored))]
    public void Stored_values_as_fields_check_back_to_the_same_values(VisitValues stored)
    {
        var problems = new List<string>();
        var again = VisitRules.Check(VisitFields.Of(stored), (field, message) => problems.Add($"{field}: {message}"));
        Assert.Empty(problems);
        Assert.Equal(stored, again);
    }

    [Fact]
    public void Fields_write_enum_names_the_district_and_24_hour_times()
    {
        var f = VisitFields.Of(new VisitValues("A1234BC", 1, 0, 0, 0, Relationship.OtherFamily, false, "WV10", null, VisitOutcome.NoShow,
            new TimeOnly(9, 5), null));
        Assert.Equal(("OtherFamily", "NoShow", "WV10", "09:05", (string?)null), (f.Relationship, f.Outcome, f.VisitorPostcode, f.ArrivedAt, f.EndedAt));
    }
}
