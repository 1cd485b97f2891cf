using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace VisitsCapture.Web.Features.Shared;

/// <summary>
/// Reads typed values from form text with GOV.UK-style error messages (fields bind as text, so a typing slip gets
/// "Enter the start time, like 14:00" rather than a framework message). Each reader adds its error under the key.
/// </summary>
public static class FormFields
{
    private static readonly string[] TimeFormats = ["H:mm", "HH:mm", "H.mm", "HH.mm", "HHmm", "HH:mm:ss"];
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d/M/yyyy", "d-M-yyyy", "d M yyyy"];

    public static TimeOnly? Time(this ModelStateDictionary errors, string key, string? value, string what, bool required = true)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0)
        {
            return Missing<TimeOnly>(errors, key, required, $"Enter the {what}");
        }
        if (v.Length > 8 || !TimeOnly.TryParseExact(v, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            errors.AddModelError(key, $"Enter the {what} as a 24-hour time, like 14:00");
            return null;
        }
        return t;
    }

    public static DateOnly? Date(this ModelStateDictionary errors, string key, string? value, string what, bool required = true)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0)
        {
            return Missing<DateOnly>(errors, key, required, $"Enter the {what}");
        }
        if (v.Length > 10 || !DateOnly.TryParseExact(v, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            || d.Year < 2000 || d.Year > 2100)
        {
            errors.AddModelError(key, $"The {what} must be a real date, like 2026-11-24");
            return null;
        }
        return d;
    }

    public static int? Count(this ModelStateDictionary errors, string key, string? value, string what, int min, int max, bool required = true)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0)
        {
            return Missing<int>(errors, key, required, $"Enter the {what}");
        }
        if (v.Length > 9 || !int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            errors.AddModelError(key, $"The {what} must be a whole number, like {Math.Max(min, 1)}");
            return null;
        }
        if (n < min || n > max)
        {
            errors.AddModelError(key, $"The {what} must be between {min} and {max}");
            return null;
        }
        return n;
    }

    /// <summary>One of an enum's names, case-insensitively; numbers are refused (they would bind any member).</summary>
    public static TEnum? Choice<TEnum>(this ModelStateDictionary errors, string key, string? value, string message, bool required = true) where TEnum : struct, Enum
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0)
        {
            return Missing<TEnum>(errors, key, required, message);
        }
        if (v.Length > 40 || v.Any(char.IsDigit) || !Enum.TryParse<TEnum>(v, ignoreCase: true, out var e) || !Enum.IsDefined(e))
        {
            errors.AddModelError(key, message);
            return null;
        }
        return e;
    }

    public static string? Text(this ModelStateDictionary errors, string key, string? value, string what, int maxLength, bool required = true)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0)
        {
            return Missing(errors, key, required, $"Enter the {what}");
        }
        if (v.Length > maxLength)
        {
            errors.AddModelError(key, $"The {what} must be {maxLength} characters or fewer");
            return null;
        }
        return v;
    }

    private static T? Missing<T>(ModelStateDictionary errors, string key, bool required, string message) where T : struct
    {
        if (required)
        {
            errors.AddModelError(key, message);
        }
        return null;
    }

    private static string? Missing(ModelStateDictionary errors, string key, bool required, string message)
    {
        if (required)
        {
            errors.AddModelError(key, message);
        }
        return null;
    }
}
