namespace VisitsCapture.Core.Measures;

/// <summary>Red/amber/green status of an actual value against its target; <see cref="None"/> when there is no actual.</summary>
public enum Rag
{
    Green,
    Amber,
    Red,
    None,
}

public static class RagStatus
{
    /// <summary>
    /// Green when the actual is at or better than the target; Amber when short of it by no more than the tolerance
    /// (in the KPI's own units); Red beyond; None when there is no actual value.
    /// </summary>
    public static Rag Of(double? actual, double target, bool higherIsBetter, double tolerance)
    {
        if (double.IsNaN(target))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "The target must be a number.");
        }
        if (double.IsNaN(tolerance) || tolerance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be zero or more.");
        }
        if (actual is not { } a || double.IsNaN(a))
        {
            return Rag.None;
        }

        var shortfall = higherIsBetter ? target - a : a - target;
        // A small slack so that binary floating point does not move an exact boundary: 0.4 − 0.3 is
        // 0.10000000000000003, which must still count as "short by 0.1", and 0.1 + 0.2 must meet a target of 0.3.
        var slack = 1e-9 * Math.Max(1.0, Math.Abs(target));
        if (shortfall <= slack)
        {
            return Rag.Green;
        }
        return shortfall <= tolerance + slack ? Rag.Amber : Rag.Red;
    }
}
