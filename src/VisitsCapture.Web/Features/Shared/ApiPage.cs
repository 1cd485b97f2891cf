namespace VisitsCapture.Web.Features.Shared;

/// <summary>One page of a long API list: items <c>(page-1)*pageSize+1</c> onwards, and how many there are in all.</summary>
public sealed record ApiPage<T>(int Page, int PageSize, int Total, IReadOnlyList<T> Items);

/// <summary>Paging of long API lists.</summary>
public static class ApiPage
{
    public const int MaxPageSize = 500;

    /// <summary>What to say when <see cref="IsValid"/> is false.</summary>
    public const string Invalid = "page must be 1 or more and pageSize from 1 to 500.";

    /// <summary>Whether page and pageSize are usable (page from 1, pageSize 1 to <see cref="MaxPageSize"/>).</summary>
    public static bool IsValid(int page, int pageSize) => page >= 1 && pageSize is >= 1 and <= MaxPageSize;

    public static ApiPage<T> Of<T>(IReadOnlyCollection<T> all, int page, int pageSize) =>
        new(page, pageSize, all.Count, all.Skip((page - 1) * pageSize).Take(pageSize).ToList());
}
