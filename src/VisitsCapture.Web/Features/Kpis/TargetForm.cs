using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;

namespace VisitsCapture.Web.Features.Kpis;

/// <summary>
/// The target form (establishment and administrator pages alike), bound as text so that every mistake gets a GOV.UK
/// error message rather than a binding failure. <see cref="Owner"/> is only asked of administrators:
/// "g:{id}" for a family group, "e:{id}" for an establishment.
/// </summary>
public sealed class TargetForm
{
    public string? Kpi { get; set; }
    public string? Owner { get; set; }
    public string? TargetValue { get; set; }
    public string? TargetDay { get; set; }
    public string? TargetMonth { get; set; }
    public string? TargetYear { get; set; }
    public string? BaselineValue { get; set; }
    public string? BaselineDay { get; set; }
    public string? BaselineMonth { get; set; }
    public string? BaselineYear { get; set; }
    public string? AmberTolerance { get; set; }

    public static TargetForm From(KpiTarget t) => new()
    {
        Kpi = t.Kpi.ToString(),
        Owner = t.EstablishmentId is { } e ? $"e:{e}" : $"g:{t.FamilyGroupId}",
        TargetValue = Text(t.TargetValue),
        TargetDay = t.TargetDate.Day.ToString(CultureInfo.InvariantCulture),
        TargetMonth = t.TargetDate.Month.ToString(CultureInfo.InvariantCulture),
        TargetYear = t.TargetDate.Year.ToString(CultureInfo.InvariantCulture),
        BaselineValue = t.BaselineValue is { } b ? Text(b) : null,
        BaselineDay = t.BaselineDate?.Day.ToString(CultureInfo.InvariantCulture),
        BaselineMonth = t.BaselineDate?.Month.ToString(CultureInfo.InvariantCulture),
        BaselineYear = t.BaselineDate?.Year.ToString(CultureInfo.InvariantCulture),
        AmberTolerance = t.AmberTolerance is { } a ? Text(a) : null,
    };

    /// <summary>
    /// Checks the form and, when it is valid, writes it to <paramref name="target"/> (all fields but the owner, which
    /// the caller sets). Errors go to <paramref name="errors"/> under the field names (see <see cref="FieldOrder"/>).
    /// </summary>
    public bool TryApply(KpiTarget target, ModelStateDictionary errors)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(errors);
        var kpiOk = KpiFilter.TryKpi(Kpi, out var kpi);
        if (!kpiOk)
        {
            errors.AddModelError(nameof(Kpi), "Select a KPI");
        }
        var value = Number(TargetValue, nameof(TargetValue), "the target value", required: true, errors);
        if (value is > 100 && kpiOk && IsPercentage(kpi))
        {
            errors.AddModelError(nameof(TargetValue), "The target value must be 100 or less for a percentage");
        }
        var date = Date(TargetDay, TargetMonth, TargetYear, nameof(TargetDay), "the target date", required: true, errors);
        var baseline = Number(BaselineValue, nameof(BaselineValue), "the baseline value", required: false, errors);
        if (baseline is > 100 && kpiOk && IsPercentage(kpi))
        {
            errors.AddModelError(nameof(BaselineValue), "The baseline value must be 100 or less for a percentage");
        }
        var baselineDate = Date(BaselineDay, BaselineMonth, BaselineYear, nameof(BaselineDay), "the baseline date", required: false, errors);
        if (baselineDate is { } bd && date is { } td && bd >= td)
        {
            errors.AddModelError(nameof(BaselineDay), "The baseline date must be before the target date");
        }
        var tolerance = Number(AmberTolerance, nameof(AmberTolerance), "the amber tolerance", required: false, errors);
        if (!errors.IsValid)
        {
            return false;
        }
        target.Kpi = kpi;
        target.TargetValue = value!.Value;
        target.TargetDate = date!.Value;
        target.BaselineValue = baseline;
        target.BaselineDate = baselineDate;
        target.AmberTolerance = tolerance;
        return true;
    }

    /// <summary>The fields in the order of the form, for the error summary (ViewData["ErrorOrder"]).</summary>
    public static IReadOnlyList<string> FieldOrder { get; } =
        [nameof(Owner), nameof(Kpi), nameof(TargetValue), nameof(TargetDay), nameof(BaselineValue), nameof(BaselineDay), nameof(AmberTolerance)];

    private static bool IsPercentage(Kpi kpi) => kpi is Core.Domain.Kpi.UtilisationPct or Core.Domain.Kpi.PrisonerReachPct or Core.Domain.Kpi.NoShowPct or Core.Domain.Kpi.PliPct
        or Core.Domain.Kpi.ArrivalsVisitedPct or Core.Domain.Kpi.LeaversVisitedPct;

    private static double? Number(string? text, string field, string what, bool required, ModelStateDictionary errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.AddModelError(field, $"Enter {what}");
            }
            return null;
        }
        if (!double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n))
        {
            errors.AddModelError(field, $"{Capital(what)} must be a number, like 1.5");
            return null;
        }
        if (n < 0)
        {
            errors.AddModelError(field, $"{Capital(what)} must be 0 or more");
            return null;
        }
        if (n > 1_000_000)
        {
            errors.AddModelError(field, $"{Capital(what)} must be 1,000,000 or less");
            return null;
        }
        return n;
    }

    private static DateOnly? Date(string? day, string? month, string? year, string field, string what, bool required, ModelStateDictionary errors)
    {
        if (string.IsNullOrWhiteSpace(day) && string.IsNullOrWhiteSpace(month) && string.IsNullOrWhiteSpace(year))
        {
            if (required)
            {
                errors.AddModelError(field, $"Enter {what}");
            }
            return null;
        }
        if (int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            && int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            && y is >= 2000 and <= 2100 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            return new DateOnly(y, m, d);
        }
        errors.AddModelError(field, $"{Capital(what)} must be a real date between 2000 and 2100, like 31 3 2026");
        return null;
    }

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string Text(double v) => v.ToString("0.############", CultureInfo.InvariantCulture);

    /// <summary>Just the KPI options, with a hint on how standards for enhanced family visits are set.</summary>
    public static IReadOnlyList<SelectOption> KpiOptions => KpiFilter.AllKpis;

    /// <summary>The confirmation after a change, e.g. "Target for capacity ratio added".</summary>
    public static string Done(KpiTarget target, string change)
    {
        ArgumentNullException.ThrowIfNull(target);
        return $"Target for {KpiDisplay.Name(target.Kpi).ToLowerInvariant()} {change}";
    }
}
