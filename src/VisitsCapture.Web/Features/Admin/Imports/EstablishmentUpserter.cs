using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Web.Features.Admin.Imports;

/// <summary>An establishment's attributes as read from a file, validated.</summary>
public sealed record EstablishmentValues(
    string Code,
    string Name,
    string Region,
    string Function,
    bool Contracted,
    int? OperationalCapacity,
    int? Cna,
    string? Postcode,
    double Latitude,
    double Longitude,
    bool LocationApproximate,
    DateOnly? OpenedOn,
    DateOnly? ClosedOn);

/// <summary>
/// Writes establishments from the establishments and prison-register imports (and the demo). Attributes are
/// effective-dated, never overwritten: a new establishment gets its first history row from its opening date (or
/// today); a changed one gets a new history row from today (a second change the same day another, recorded later) and its current columns updated; an unchanged one is
/// left alone, so that importing the same file twice changes nothing.
/// </summary>
public sealed class EstablishmentUpserter(VisitsDbContext db, TimeProvider clock)
{
    /// <summary>The tracked establishments with these codes, with their history, by code.</summary>
    public async Task<Dictionary<string, Establishment>> LoadAsync(IReadOnlyCollection<string> codes, CancellationToken ct) =>
        await db.Establishments.Include(e => e.History).Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, StringComparer.Ordinal, ct);

    /// <summary>Adds or updates the establishments in the context (the caller saves); returns added, updated and unchanged counts.</summary>
    public (int Added, int Updated, int Unchanged) Apply(IEnumerable<EstablishmentValues> rows, IDictionary<string, Establishment> existing)
    {
        var today = LondonTime.Today(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        int added = 0, updated = 0, unchanged = 0;
        foreach (var v in rows)
        {
            if (!existing.TryGetValue(v.Code, out var e))
            {
                e = new Establishment { Code = v.Code, Name = v.Name };
                Set(e, v);
                var first = EstablishmentAttributes.Of(e, v.OpenedOn ?? today);
                first.RecordedAt = now;
                e.History.Add(first);
                db.Establishments.Add(e);
                existing[v.Code] = e;
                added++;
                continue;
            }

            var before = EstablishmentAttributes.Of(e, today);
            var datesChanged = e.OpenedOn != v.OpenedOn || e.ClosedOn != v.ClosedOn;
            Set(e, v);
            var after = EstablishmentAttributes.Of(e, today);
            if (!before.SameAttributesAs(after))
            {
                AddHistory(e, after, now);
                updated++;
            }
            else if (datesChanged)
            {
                updated++;
            }
            else
            {
                unchanged++;
            }
        }
        return (added, updated, unchanged);
    }

    private static void AddHistory(Establishment e, EstablishmentAttributes version, DateTime now)
    {
        // Always a new version: a second change on the same day is recorded after the first, never over it.
        version.RecordedAt = now;
        e.History.Add(version);
    }

    private static void Set(Establishment e, EstablishmentValues v)
    {
        e.Name = v.Name;
        e.Region = v.Region;
        e.Function = v.Function;
        e.Contracted = v.Contracted;
        e.OperationalCapacity = v.OperationalCapacity;
        e.Cna = v.Cna;
        e.Postcode = v.Postcode;
        e.Latitude = v.Latitude;
        e.Longitude = v.Longitude;
        e.LocationApproximate = v.LocationApproximate;
        e.OpenedOn = v.OpenedOn;
        e.ClosedOn = v.ClosedOn;
    }
}

/// <summary>Reading the cells that establishment files share (code, postcode, coordinates), with the same rules and messages.</summary>
public static partial class EstablishmentCells
{
    public const double MinLatitude = 49, MaxLatitude = 61, MinLongitude = -9, MaxLongitude = 2.5;

    [GeneratedRegex("^[A-Z0-9]{2,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    /// <summary>The upper-cased establishment code: 2 to 10 letters or digits (e.g. BMI).</summary>
    public static string? Code(CsvRow row, string column)
    {
        var code = row.Text(column, required: true, maxLength: 10)?.ToUpperInvariant();
        if (code is not null && !CodePattern().IsMatch(code))
        {
            row.Fail(column, $"\"{code}\" is not an establishment code: use 2 to 10 letters or digits, e.g. BMI");
            return null;
        }
        return code;
    }

    /// <summary>A site postcode, full (normalised to "B18 4AS") or a district alone ("B18").</summary>
    public static string? Postcode(CsvRow row, string column)
    {
        // Read up to 40 characters, so that a wrong value is told it is not a postcode rather than how long it is.
        var text = row.Text(column, maxLength: 40);
        if (text is null)
        {
            return null;
        }
        if (!PostcodeDistricts.TryParse(text, out var district))
        {
            row.Fail(column, $"\"{text}\" is not a UK postcode");
            return null;
        }
        if (!PostcodeDistricts.IsFullPostcode(text))
        {
            return district;
        }
        var compact = text.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return $"{compact[..^3]} {compact[^3..]}";
    }

    public static double? Latitude(CsvRow row, string column, bool required) => row.Double(column, required, MinLatitude, MaxLatitude);

    public static double? Longitude(CsvRow row, string column, bool required) => row.Double(column, required, MinLongitude, MaxLongitude);

    /// <summary>An error for every row whose code repeats an earlier row's.</summary>
    public static void RejectDuplicateCodes<T>(IEnumerable<(CsvRow Row, T Value)> rows, Func<T, string> code, string column)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, value) in rows)
        {
            if (!first.TryAdd(code(value), row.Number))
            {
                row.Fail(column, $"{code(value)} is already in row {first[code(value)]}; each establishment may appear once");
            }
        }
    }
}
