using Microsoft.AspNetCore.Identity;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Security;

/// <summary>
/// NCSC password guidance: 12 to 128 characters, no composition rules, and nothing common, guessable or built on the
/// user name, as judged by the zxcvbn strength estimator (its dictionaries of common passwords, words, names,
/// sequences, repeats and keyboard patterns) rather than a hand-written list.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<AppUser>
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    /// <summary>zxcvbn score 3, "safely unguessable": at least 10^10 guesses, protection against an offline attack on a leaked hash.</summary>
    public const int MinScore = 3;

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(Check(password ?? "", user.UserName) is { } error
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordPolicy", Description = error })
            : IdentityResult.Success);

    /// <summary>The reason a password is refused, or null when it is accepted.</summary>
    public static string? Check(string password, string? userName)
    {
        if (password.Length < MinLength)
        {
            return $"Password must be at least {MinLength} characters";
        }
        if (password.Length > MaxLength)
        {
            return $"Password must be at most {MaxLength} characters";
        }
        if (!string.IsNullOrEmpty(userName) && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            return "Password must not contain the user name";
        }
        var strength = Zxcvbn.Zxcvbn.MatchPassword(password, string.IsNullOrEmpty(userName) ? [] : [userName]);
        return strength.Score < MinScore
            ? "Password is too common or easy to guess. Use three or more random words, for example a short phrase only you would think of"
            : null;
    }
}
