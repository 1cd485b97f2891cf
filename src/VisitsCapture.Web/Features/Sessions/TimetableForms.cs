using Microsoft.AspNetCore.Mvc.ModelBinding;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Sessions;
using VisitsCapture.Web.Features.Shared;

namespace VisitsCapture.Web.Features.Sessions;

/// <summary>Capacity limits for one session: generous for the largest halls, small enough to catch a typing slip.</summary>
public static class Capacity
{
    public const int MaxVisits = 500;
    public const int MaxVisitors = 2000;
}

/// <summary>A weekly session template as typed into the form (text, so that errors can be explained).</summary>
public sealed class TemplateForm
{
    public string? DayOfWeek { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }
    public string? Type { get; set; }
    public string? CapacityVisits { get; set; }
    public string? CapacityVisitors { get; set; }
    public string? ValidFrom { get; set; }
    public string? ValidTo { get; set; }

    /// <summary>When changing a template: the date the change takes effect.</summary>
    public string? EffectiveFrom { get; set; }
    public Guid? Version { get; set; }

    public static TemplateForm Of(SessionTemplate t, DateOnly effectiveFrom) => new()
    {
        DayOfWeek = t.DayOfWeek.ToString(),
        Start = Labels.Time(t.Start),
        End = Labels.Time(t.End),
        Type = t.Type.ToString(),
        CapacityVisits = t.CapacityVisits.ToString(Labels.EnGb),
        CapacityVisitors = t.CapacityVisitors.ToString(Labels.EnGb),
        ValidFrom = Labels.Iso(t.ValidFrom),
        ValidTo = t.ValidTo is { } to ? Labels.Iso(to) : null,
        EffectiveFrom = Labels.Iso(effectiveFrom),
        Version = t.Version,
    };

    /// <summary>The checked values, or null with the problems in <paramref name="errors"/>. A change needs no ValidFrom.</summary>
    public TemplateValues? Read(ModelStateDictionary errors, bool change)
    {
        var day = errors.Choice<DayOfWeek>(nameof(DayOfWeek), DayOfWeek, "Select the day of the week");
        var times = SessionTimes.Read(errors, Start, End);
        var type = errors.Choice<SessionType>(nameof(Type), Type, "Select the type of session");
        var (visits, visitors) = SessionTimes.ReadCapacity(errors, CapacityVisits, CapacityVisitors);
        var from = change ? errors.Date(nameof(EffectiveFrom), EffectiveFrom, "date the change takes effect") : errors.Date(nameof(ValidFrom), ValidFrom, "first date");
        var to = errors.Date(nameof(ValidTo), ValidTo, "last date", required: false);
        if (from is { } f && to is { } t && t < f)
        {
            errors.AddModelError(nameof(ValidTo), "The last date must be the same as or after the first date");
        }
        return errors.IsValid
            ? new TemplateValues(day!.Value, times!.Value.Start, times.Value.End, type!.Value, visits!.Value, visitors!.Value, from!.Value, to)
            : null;
    }
}

/// <summary>A one-off session as typed into the form.</summary>
public sealed class SessionForm
{
    public string? Date { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }
    public string? Type { get; set; }
    public string? CapacityVisits { get; set; }
    public string? CapacityVisitors { get; set; }

    public SessionValues? Read(ModelStateDictionary errors)
    {
        var date = errors.Date(nameof(Date), Date, "date of the session");
        var times = SessionTimes.Read(errors, Start, End);
        var type = errors.Choice<SessionType>(nameof(Type), Type, "Select the type of session");
        var (visits, visitors) = SessionTimes.ReadCapacity(errors, CapacityVisits, CapacityVisitors);
        return errors.IsValid
            ? new SessionValues(date!.Value, times!.Value.Start, times.Value.End, type!.Value, visits!.Value, visitors!.Value)
            : null;
    }
}

public sealed class CancelForm
{
    public string? Reason { get; set; }
    public Guid? Version { get; set; }
}

public sealed class StopForm
{
    public string? From { get; set; }
    public Guid? Version { get; set; }
}

public sealed class GenerateForm
{
    public string? From { get; set; }
    public string? To { get; set; }
}

internal static class SessionTimes
{
    public static (TimeOnly Start, TimeOnly End)? Read(ModelStateDictionary errors, string? start, string? end)
    {
        var s = errors.Time("Start", start, "start time");
        var e = errors.Time("End", end, "end time");
        if (s is null || e is null)
        {
            return null;
        }
        if (e <= s)
        {
            errors.AddModelError("End", "The end time must be after the start time");
            return null;
        }
        return (s.Value, e.Value);
    }

    public static (int? Visits, int? Visitors) ReadCapacity(ModelStateDictionary errors, string? visits, string? visitors) =>
        (errors.Count("CapacityVisits", visits, "number of visits (tables)", 0, Capacity.MaxVisits),
         errors.Count("CapacityVisitors", visitors, "number of visitors", 0, Capacity.MaxVisitors));
}
