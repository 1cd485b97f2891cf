using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Impact;

namespace VisitsCapture.Web.Features.Impact;

/// <summary>The intervention form: kind, start date (day, month, year), description and optional cost in pounds.</summary>
public sealed class InterventionForm
{
    public string? Kind { get; set; }
    public string? StartDay { get; set; }
    public string? StartMonth { get; set; }
    public string? StartYear { get; set; }
    public string? Description { get; set; }
    public string? Cost { get; set; }

    /// <summary>The error summary's order: the form's.</summary>
    public static IReadOnlyList<string> FieldOrder { get; } = [nameof(Kind), nameof(StartDay), nameof(Description), nameof(Cost)];

    public static InterventionForm From(Intervention i) => new()
    {
        Kind = i.Kind.ToString(),
        StartDay = i.StartDate.Day.ToString(CultureInfo.InvariantCulture),
        StartMonth = i.StartDate.Month.ToString(CultureInfo.InvariantCulture),
        StartYear = i.StartDate.Year.ToString(CultureInfo.InvariantCulture),
        Description = i.Description,
        Cost = i.Cost?.ToString("0.00", CultureInfo.InvariantCulture),
    };

    /// <summary>Checks every field, adding GOV.UK error messages; applies them to <paramref name="target"/> only when all are valid.</summary>
    public bool TryApply(Intervention target, ModelStateDictionary errors)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(errors);
        InterventionKind? kind = null;
        if (string.IsNullOrWhiteSpace(Kind))
        {
            errors.AddModelError(nameof(Kind), "Select the kind of intervention");
        }
        else if (!Enum.TryParse<InterventionKind>(Kind, ignoreCase: false, out var k) || !Enum.IsDefined(k) || int.TryParse(Kind, out _))
        {
            errors.AddModelError(nameof(Kind), "Select the kind of intervention from the list");
        }
        else
        {
            kind = k;
        }
        var start = Date(errors);
        var description = Description?.Trim();
        if (string.IsNullOrEmpty(description))
        {
            errors.AddModelError(nameof(Description), "Enter a description of the intervention");
        }
        else if (description.Length > Intervention.DescriptionMaxLength)
        {
            errors.AddModelError(nameof(Description), $"The description must be {Intervention.DescriptionMaxLength} characters or fewer");
        }
        var cost = InterventionsImporter.ParseCost(Cost, out var costError);
        if (costError is not null)
        {
            errors.AddModelError(nameof(Cost), "The cost " + costError);
        }
        if (!errors.IsValid)
        {
            return false;
        }
        target.Kind = kind!.Value;
        target.StartDate = start!.Value;
        target.Description = description!;
        target.Cost = cost;
        return true;
    }

    private DateOnly? Date(ModelStateDictionary errors)
    {
        if (string.IsNullOrWhiteSpace(StartDay) && string.IsNullOrWhiteSpace(StartMonth) && string.IsNullOrWhiteSpace(StartYear))
        {
            errors.AddModelError(nameof(StartDay), "Enter the start date");
            return null;
        }
        if (int.TryParse(StartDay, NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            && int.TryParse(StartMonth, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            && int.TryParse(StartYear, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            && y is >= 2000 and <= 2100 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            return new DateOnly(y, m, d);
        }
        errors.AddModelError(nameof(StartDay), "The start date must be a real date between 2000 and 2100, like 1 4 2025");
        return null;
    }
}
