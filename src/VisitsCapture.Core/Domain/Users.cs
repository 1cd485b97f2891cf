using Microsoft.AspNetCore.Identity;

namespace VisitsCapture.Core.Domain;

/// <summary>A user account. The user name is a work login; no personal names are stored.</summary>
public class AppUser : IdentityUser
{
    public bool Disabled { get; set; }
    public List<RoleGrant> Grants { get; set; } = [];
}

/// <summary>
/// A role held at one establishment, at a region (<see cref="Region"/> set) or nationally (neither set).
/// </summary>
public class RoleGrant : IAudited
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }
    public required string Role { get; set; }
    public int? EstablishmentId { get; set; }
    public Establishment? Establishment { get; set; }
    public string? Region { get; set; }

    public string ScopeDescription => EstablishmentId is not null ? Establishment?.Name ?? $"establishment {EstablishmentId}"
        : Region is not null ? $"{Region} region" : "National";
}
