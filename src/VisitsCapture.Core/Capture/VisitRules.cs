using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Capture;

/// <summary>
/// The one visit shape: a visit's fields as written by people and devices (a form, the API, an import file), before
/// checking. <see cref="VisitRules.Check"/> turns them into <see cref="VisitValues"/>, the stored values; <see cref="Of"/>
/// writes stored values back as fields, for the correction form and the API's answer. Request, form and response map
/// to and from this shape only.
/// </summary>
public sealed record VisitFields(
    string? Prisoner,
    int? Adults,
    int? Children0To4,
    int? Children5To11,
    int? Children12To17,
    string? Relationship,
    bool FirstVisit,
    string? VisitorPostcode,
    string? TableNumber,
    string? Outcome,
    string? ArrivedAt,
    string? EndedAt)
{
    /// <summary>Stored values as fields: enum names, the district for the postcode, 24-hour times "HH:mm".</summary>
    public static VisitFields Of(VisitValues v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.Prisoner, v.Adults, v.Children0To4, v.Children5To11, v.Children12To17, v.Relationship?.ToString(), v.FirstVisit,
            v.VisitorDistrict, v.TableNumber, v.Outcome?.ToString(), Time(v.ArrivedAt), Time(v.EndedAt));
    }

    private static string? Time(TimeOnly? t) => t?.ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>A visit's checked and normalised values: prison number in upper case, postcode cut to its district.</summary>
public sealed record VisitValues(
    string Prisoner,
    int Adults,
    int Children0To4,
    int Children5To11,
    int Children12To17,
    Relationship? Relationship,
    bool FirstVisit,
    string? VisitorDistrict,
    string? TableNumber,
    VisitOutcome? Outcome,
    TimeOnly? ArrivedAt,
    TimeOnly? EndedAt)
{
    public int Visitors => Adults + Children0To4 + Children5To11 + Children12To17;

    public static VisitValues Of(Visit v) => new(v.Prisoner, v.Adults, v.Children0To4, v.Children5To11, v.Children12To17, v.Relationship,
        v.FirstVisit, v.VisitorDistrict, v.TableNumber, v.Outcome, v.ArrivedAt, v.EndedAt);

    public void ApplyTo(Visit v)
    {
        v.Prisoner = Prisoner;
        v.Adults = Adults;
        v.Children0To4 = Children0To4;
        v.Children5To11 = Children5To11;
        v.Children12To17 = Children12To17;
        v.Relationship = Relationship;
        v.FirstVisit = FirstVisit;
        v.VisitorDistrict = VisitorDistrict;
        v.TableNumber = TableNumber;
        v.Outcome = Outcome;
        v.ArrivedAt = ArrivedAt;
        v.EndedAt = EndedAt;
    }

    /// <summary>
    /// SHA-256 (hex) of the normalised payload, to tell a replay of a visit from a different visit sent under the same
    /// client id. Normalised first, so the hash never holds more than is stored (a district, never a full postcode).
    /// </summary>
    public string Hash(int sessionId)
    {
        var text = string.Join('|', "v1", sessionId.ToString(CultureInfo.InvariantCulture), Prisoner, N(Adults), N(Children0To4), N(Children5To11),
            N(Children12To17), Relationship?.ToString() ?? "", FirstVisit ? "1" : "0", VisitorDistrict ?? "", TableNumber ?? "",
            Outcome?.ToString() ?? "", ArrivedAt?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "", EndedAt?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The rules for a visit's fields, the same for the hall pages, the API and the visits import. Errors are reported by
/// field name (Prisoner, Adults, Children0To4 ... as on the form) with a message for the person who typed it.
/// </summary>
public static partial class VisitRules
{
    /// <summary>Visitors of one age band in one visit: generous for a family day, small enough to catch a slip.</summary>
    public const int MaxPerBand = 20;

    public const int MaxTableLength = 10;

    [GeneratedRegex("^[A-Z0-9][A-Z0-9 -]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Table();

    public static readonly IReadOnlyDictionary<string, string> CountNames = new Dictionary<string, string>
    {
        ["Adults"] = "adults",
        ["Children0To4"] = "children aged 0 to 4",
        ["Children5To11"] = "children aged 5 to 11",
        ["Children12To17"] = "children aged 12 to 17",
    };

    /// <summary>Checks every field; returns the values, or null after reporting each problem to <paramref name="fail"/>.</summary>
    /// <param name="failed">Fields already known to be wrong (e.g. a count that was not a number): not checked again.</param>
    public static VisitValues? Check(VisitFields f, Action<string, string> fail, IReadOnlySet<string>? failed = null)
    {
        var ok = true;
        void Fail(string field, string message)
        {
            ok = false;
            fail(field, message);
        }
        bool Skip(string field) => failed?.Contains(field) == true;

        var prisoner = PrisonNumber.Clean(f.Prisoner);
        if (prisoner.Length == 0)
        {
            Fail("Prisoner", "Enter the prison number");
        }
        else if (!PrisonNumber.TryParse(prisoner, out _))
        {
            Fail("Prisoner", "Enter a prison number in the right format: one letter, four numbers and two letters, like A1234BC");
        }

        int Count(string field, int? value)
        {
            if (Skip(field))
            {
                ok = false;
                return 0;
            }
            var n = value ?? 0;
            if (n < 0 || n > MaxPerBand)
            {
                Fail(field, $"The number of {CountNames[field]} must be between 0 and {MaxPerBand}");
            }
            return n;
        }
        var adults = Count("Adults", f.Adults);
        var c04 = Count("Children0To4", f.Children0To4);
        var c511 = Count("Children5To11", f.Children5To11);
        var c1217 = Count("Children12To17", f.Children12To17);
        if (ok && adults + c04 + c511 + c1217 == 0)
        {
            Fail("Adults", "Enter at least one visitor");
        }

        var relationship = Choice<Relationship>(f.Relationship, "Relationship", "Select the relationship of the lead visitor to the prisoner from the list", Fail);

        string? district = null;
        if (!string.IsNullOrWhiteSpace(f.VisitorPostcode))
        {
            district = f.VisitorPostcode.Length > 10 ? null : PostcodeDistricts.ToDistrict(f.VisitorPostcode);
            if (district is null)
            {
                Fail("VisitorPostcode", "Enter a real postcode, like WV10 6AA, or just its first part, like WV10, or leave it empty");
            }
        }

        var table = string.IsNullOrWhiteSpace(f.TableNumber) ? null : f.TableNumber.Trim().ToUpperInvariant();
        if (table is not null && (table.Length > MaxTableLength || !Table().IsMatch(table)))
        {
            Fail("TableNumber", $"The table must be {MaxTableLength} letters or numbers or fewer, like 12 or B4");
            table = null;
        }

        var outcome = Choice<VisitOutcome>(f.Outcome, "Outcome", $"The outcome must be one of {string.Join(", ", Enum.GetNames<VisitOutcome>())}", Fail);
        var arrived = Time(f.ArrivedAt, "ArrivedAt", "arrival time", Fail);
        var ended = Time(f.EndedAt, "EndedAt", "end time", Fail);
        if (arrived is not null && ended is not null && ended < arrived)
        {
            Fail("EndedAt", "The end time must be the same as or after the arrival time");
        }

        return ok ? new VisitValues(prisoner, adults, c04, c511, c1217, relationship, f.FirstVisit, district, table, outcome, arrived, ended) : null;
    }

    /// <summary>
    /// An arrival outside its session's times: allowed (a session can start late), but worth a second look, as when a
    /// visit logged for an earlier day took the time it was typed in rather than the time it happened.
    /// </summary>
    public static string? ArrivalOutsideSession(TimeOnly? arrived, TimeOnly start, TimeOnly end) =>
        arrived is { } a && (a < start || a > end)
            ? $"The arrival time {Labels.Time(a)} is outside the session ({Labels.Times(start, end)}). Check it is the time the visitors arrived."
            : null;

    /// <summary>
    /// The times a visit logged for an earlier day takes when none were given: the session's own (arrival at its start,
    /// an end at its end), never the time the form was filled in.
    /// </summary>
    public static VisitValues WithSessionTimes(VisitValues v, TimeOnly start, TimeOnly end) => v.Outcome switch
    {
        VisitOutcome.Attended when v.ArrivedAt is null => v with { ArrivedAt = start },
        VisitOutcome.Terminated => v with { ArrivedAt = v.ArrivedAt ?? start, EndedAt = v.EndedAt ?? end },
        _ => v,
    };

    public static bool TryOutcome(string? value, out VisitOutcome outcome)
    {
        outcome = default;
        var v = value?.Trim() ?? "";
        return v.Length is > 0 and <= 40 && !v.Any(char.IsDigit) && Enum.TryParse(v, ignoreCase: true, out outcome) && Enum.IsDefined(outcome);
    }

    private static T? Choice<T>(string? value, string field, string message, Action<string, string> fail) where T : struct, Enum
    {
        var v = value?.Trim().Replace("_", "", StringComparison.Ordinal) ?? "";
        if (v.Length == 0)
        {
            return null;
        }
        if (v.Length <= 40 && !v.Any(char.IsDigit) && Enum.TryParse<T>(v, ignoreCase: true, out var e) && Enum.IsDefined(e))
        {
            return e;
        }
        fail(field, message);
        return null;
    }

    private static TimeOnly? Time(string? value, string field, string what, Action<string, string> fail)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0)
        {
            return null;
        }
        if (v.Length <= 8 && TimeOnly.TryParseExact(v, ["H:mm", "HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return new TimeOnly(t.Hour, t.Minute);
        }
        fail(field, $"Enter the {what} as a 24-hour time, like 14:05");
        return null;
    }
}
