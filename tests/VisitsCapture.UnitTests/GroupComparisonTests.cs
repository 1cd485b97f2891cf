using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

public class GroupComparisonTests
{
    private static readonly Dictionary<int, double?> TiedGroup = new() { [1] = 10, [2] = 20, [3] = 20, [4] = 30, [5] = null };

    [Fact]
    public void Summary_is_over_members_with_a_value()
    {
        var r = GroupComparison.Compare(TiedGroup, higherIsBetter: true);

        Assert.Equal(4, r.N);
        Assert.Equal(10.0, r.Min);
        Assert.Equal(17.5, r.LowerQuartile); // h = 0.75: 10 + 0.75·10
        Assert.Equal(20.0, r.Median); // mean of the middle two
        Assert.Equal(22.5, r.UpperQuartile); // h = 2.25: 20 + 0.25·10
        Assert.Equal(30.0, r.Max);
    }

    [Fact]
    public void Ties_share_the_best_rank_when_higher_is_better()
    {
        var r = GroupComparison.Compare(TiedGroup, higherIsBetter: true);

        Assert.Equal(new MemberPosition(30, 1, 1), r.Members[4]);
        Assert.Equal(new MemberPosition(20, 2, 2), r.Members[2]);
        Assert.Equal(new MemberPosition(20, 2, 2), r.Members[3]);
        Assert.Equal(new MemberPosition(10, 4, 4), r.Members[1]);
        Assert.Equal(new MemberPosition(null, null, null), r.Members[5]);
    }

    [Fact]
    public void Lower_is_better_reverses_the_ranking_not_the_summary()
    {
        var r = GroupComparison.Compare(TiedGroup, higherIsBetter: false);

        Assert.Equal(1, r.Members[1].Rank);
        Assert.Equal(2, r.Members[2].Rank);
        Assert.Equal(2, r.Members[3].Rank);
        Assert.Equal(4, r.Members[4].Rank);
        Assert.Equal(10.0, r.Min);
        Assert.Equal(30.0, r.Max);
    }

    [Fact]
    public void Quartile_position_is_ceiling_of_four_rank_over_n()
    {
        var values = new Dictionary<int, double?> { [1] = 5, [2] = 3, [3] = 9, [4] = 1, [5] = 7 };

        var r = GroupComparison.Compare(values, higherIsBetter: true);

        // Ranks 9→1, 7→2, 5→3, 3→4, 1→5; ceil(4r/5) = 1, 2, 3, 4, 4.
        Assert.Equal((1, 1), (r.Members[3].Rank!.Value, r.Members[3].QuartilePosition!.Value));
        Assert.Equal((2, 2), (r.Members[5].Rank!.Value, r.Members[5].QuartilePosition!.Value));
        Assert.Equal((3, 3), (r.Members[1].Rank!.Value, r.Members[1].QuartilePosition!.Value));
        Assert.Equal((4, 4), (r.Members[2].Rank!.Value, r.Members[2].QuartilePosition!.Value));
        Assert.Equal((5, 4), (r.Members[4].Rank!.Value, r.Members[4].QuartilePosition!.Value));
        Assert.Equal(3.0, r.LowerQuartile); // odd group: h = 1 and 3 fall on values
        Assert.Equal(5.0, r.Median);
        Assert.Equal(7.0, r.UpperQuartile);
    }

    [Fact]
    public void All_equal_members_share_rank_one()
    {
        var r = GroupComparison.Compare(new Dictionary<int, double?> { [1] = 2.5, [2] = 2.5, [3] = 2.5 }, higherIsBetter: false);
        Assert.All(r.Members.Values, m => Assert.Equal(1, m.Rank));
        Assert.All(r.Members.Values, m => Assert.Equal(2, m.QuartilePosition)); // ceil(4/3)
    }

    [Fact]
    public void No_values_gives_no_statistics_and_no_ranks()
    {
        var r = GroupComparison.Compare(new Dictionary<int, double?> { [1] = null, [2] = null }, higherIsBetter: true);

        Assert.Equal(0, r.N);
        Assert.Null(r.Min);
        Assert.Null(r.LowerQuartile);
        Assert.Null(r.Median);
        Assert.Null(r.UpperQuartile);
        Assert.Null(r.Max);
        Assert.Equal(2, r.Members.Count);
        Assert.All(r.Members.Values, m => Assert.Null(m.Rank));
    }

    [Fact]
    public void Empty_group()
    {
        var r = GroupComparison.Compare(new Dictionary<int, double?>(), higherIsBetter: true);
        Assert.Equal(0, r.N);
        Assert.Empty(r.Members);
    }
}
