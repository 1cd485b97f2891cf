namespace VisitsCapture.Core.Domain;

/// <summary>
/// A prison number, the only prisoner reference kept (DESIGN.md "Visit"): one letter, four digits and two letters,
/// e.g. A1234BC. The one rule for the hall pages, the API, the visits and population imports. <see cref="Key"/> packs it
/// into an int, so duplicate checks over a national snapshot are cheap.
/// </summary>
public readonly record struct PrisonNumber(string Text, int Key)
{
    /// <summary>
    /// How a typed or imported prison number is read: white space anywhere is dropped and letters are upper-cased
    /// (" a1234 bc" is A1234BC). Empty when nothing was given.
    /// </summary>
    public static string Clean(string? input) =>
        string.Concat((input ?? "").Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    /// <summary>The prison number in <paramref name="input"/> once <see cref="Clean"/>ed; false when it is not one.</summary>
    public static bool TryNormalise(string? input, out PrisonNumber number) => TryParse(Clean(input), out number);

    /// <summary>Exactly a prison number: upper-case letters, no white space.</summary>
    public static bool TryParse(string? text, out PrisonNumber number)
    {
        number = default;
        if (text is not { Length: 7 } || !IsLetter(text[0]) || !IsLetter(text[5]) || !IsLetter(text[6])
            || !char.IsAsciiDigit(text[1]) || !char.IsAsciiDigit(text[2]) || !char.IsAsciiDigit(text[3]) || !char.IsAsciiDigit(text[4]))
        {
            return false;
        }
        var digits = (text[1] - '0') * 1000 + (text[2] - '0') * 100 + (text[3] - '0') * 10 + (text[4] - '0');
        // 26 × 10,000 × 676 = 175,760,000 distinct numbers: fits an int.
        number = new PrisonNumber(text, ((text[0] - 'A') * 10_000 + digits) * 676 + (text[5] - 'A') * 26 + (text[6] - 'A'));
        return true;
    }

    public override string ToString() => Text;

    private static bool IsLetter(char c) => c is >= 'A' and <= 'Z';
}
