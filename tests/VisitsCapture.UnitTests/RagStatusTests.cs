using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

public class RagStatusTests
{
    [Theory]
    [InlineData(85.0, Rag.Green)]
    [InlineData(80.0, Rag.Green)] // at target
    [InlineData(77.0, Rag.Amber)]
    [InlineData(75.0, Rag.Amber)] // short by exactly the tolerance
    [InlineData(74.9, Rag.Red)]
    [InlineData(null, Rag.None)]
    public void Higher_is_better(double? actual, Rag expected)
    {
        Assert.Equal(expected, RagStatus.Of(actual, target: 80, higherIsBetter: true, tolerance: 5));
    }

    [Theory]
    [InlineData(8.0, Rag.Green)]
    [InlineData(10.0, Rag.Green)]
    [InlineData(12.0, Rag.Amber)]
    [InlineData(12.01, Rag.Red)]
    [InlineData(null, Rag.None)]
    public void Lower_is_better(double? actual, Rag expected)
    {
        Assert.Equal(expected, RagStatus.Of(actual, target: 10, higherIsBetter: false, tolerance: 2));
    }

    [Fact]
    public void Zero_tolerance_has_no_amber()
    {
        Assert.Equal(Rag.Red, RagStatus.Of(79.99, 80, true, 0));
        Assert.Equal(Rag.Green, RagStatus.Of(80, 80, true, 0));
    }

    [Fact]
    public void Floating_point_noise_does_not_move_a_boundary()
    {
        Assert.Equal(Rag.Amber, RagStatus.Of(0.3, 0.4, higherIsBetter: true, tolerance: 0.1)); // 0.4 − 0.3 = 0.10000000000000003
        Assert.Equal(Rag.Green, RagStatus.Of(0.1 + 0.2, 0.3, higherIsBetter: false, tolerance: 0)); // 0.30000000000000004
    }

    [Fact]
    public void Negative_tolerance_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RagStatus.Of(1, 1, true, -0.5));
    }
}
