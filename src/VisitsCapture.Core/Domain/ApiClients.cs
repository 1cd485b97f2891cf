namespace VisitsCapture.Core.Domain;

/// <summary>
/// A machine client of the API (a scheduled job, an analyst's script), issued by an administrator. It holds one role
/// at an establishment, a region or nationally, like a <see cref="RoleGrant"/>, until it expires or is revoked.
/// The secret is shown once and only its hash is kept.
/// </summary>
public class ApiClient : IAudited
{
    public int Id { get; set; }

    /// <summary>The public half of the credentials, e.g. "vc-3f9a…"; unique.</summary>
    public required string ClientId { get; set; }

    /// <summary>What the client is for (not a person's name); the audit log's actor for its calls.</summary>
    public required string Name { get; set; }

    public required string SecretHash { get; set; }
    public required string Role { get; set; }
    public int? EstablishmentId { get; set; }
    public Establishment? Establishment { get; set; }
    public string? Region { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public bool IsActive(DateTime utcNow) => RevokedAt is null && ExpiresAt > utcNow;

    public string ScopeDescription => EstablishmentId is not null ? Establishment?.Name ?? $"establishment {EstablishmentId}"
        : Region is not null ? $"{Region} region" : "National";
}
