using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Imports;

namespace VisitsCapture.Web.Imports;

/// <summary>An establishment named by an import row.</summary>
public sealed record KnownEstablishment(int Id, string Code, string Function);

/// <summary>
/// The "establishment" column of an import row (sessions, visits, family groups, population): the code of a known
/// establishment, in any case. One rule and one message for every import. An error repeats the value only when it
/// is shaped like a code: anything else could be personal data put in the wrong column.
/// </summary>
public sealed partial class EstablishmentCodes
{
    public const string Column = "establishment";

    private readonly Dictionary<string, KnownEstablishment> _byCode;

    private EstablishmentCodes(Dictionary<string, KnownEstablishment> byCode) => _byCode = byCode;

    [GeneratedRegex("^[A-Za-z]{2,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex EchoableCode();

    public static async Task<EstablishmentCodes> LoadAsync(VisitsDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var all = await db.Establishments.AsNoTracking()
            .Select(e => new KnownEstablishment(e.Id, e.Code, e.Function))
            .ToListAsync(ct);
        return new EstablishmentCodes(all.ToDictionary(e => e.Code, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The row's establishment, or null with a row error (no value, or not a known code).</summary>
    public KnownEstablishment? Read(CsvRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var code = row.Raw(Column);
        if (code.Length == 0)
        {
            row.Fail(Column, "a value is required");
            return null;
        }
        if (!_byCode.TryGetValue(code, out var establishment))
        {
            row.Fail(Column, $"{Shown(code)} is not a known establishment code");
            return null;
        }
        return establishment;
    }

    /// <summary>A code as an error message may show it: "BMI" in quotes and upper case, or "the value".</summary>
    public static string Shown(string code) =>
        EchoableCode().IsMatch(code ?? "") ? $"\"{code!.ToUpperInvariant()}\"" : "the value";
}
