using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Security;

/// <summary>Settings of the machine-client API (README: Api:SigningKey, Api:TokenMinutes).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Base64 of at least 32 random bytes, the same on every app instance. When unset, each start makes its
    /// own key: tokens then end at a restart and work on one instance only.</summary>
    public string? SigningKey { get; set; }

    [System.ComponentModel.DataAnnotations.Range(1, 60)]
    public int TokenMinutes { get; set; } = 15;
}

/// <summary>The HMAC key that signs and checks the API's bearer tokens.</summary>
public sealed class ApiSigningKey(IOptions<ApiOptions> options)
{
    public const string Issuer = "VisitsCapture";
    public const string Audience = "VisitsCapture API";

    public SymmetricSecurityKey Key { get; } = new(options.Value.SigningKey is { Length: > 0 } k ? Decode(k) : RandomNumberGenerator.GetBytes(32));

    private static byte[] Decode(string key)
    {
        var bytes = Convert.FromBase64String(key);
        return bytes.Length >= 32 ? bytes : throw new InvalidOperationException("Api:SigningKey must be the base64 of at least 32 bytes.");
    }
}

/// <summary>
/// Issues API clients' credentials and exchanges them for bearer tokens. The token carries the same grant claims as
/// a user's sign-in cookie (<see cref="GrantClaims"/>), so every authorisation policy treats a client like a user
/// holding that grant. Whether the client is still active is checked on every call, cached for
/// <see cref="ActiveCheckCache"/>, so revoking it stops its tokens within a minute.
/// </summary>
public sealed class ApiClientCredentials(VisitsDbContext db, IPasswordHasher<ApiClient> hasher, ApiSigningKey key, IOptions<ApiOptions> options,
    IMemoryCache cache, ApiCallLog calls, TimeProvider clock)
{
    public static readonly TimeSpan ActiveCheckCache = TimeSpan.FromSeconds(30);

    /// <summary>The claim that names the client in its token.</summary>
    public const string ClientIdClaim = "client_id";

    /// <summary>The audit log's user id for a client's calls (ImportRun and AuditEvent user ids are not keys).</summary>
    public static string UserIdOf(string clientId) => "client:" + clientId;

    /// <summary>The audit log's actor for a client's calls: its name, marked as a client.</summary>
    public static string ActorOf(string name) => "api:" + name;

    public static (string ClientId, string Secret) NewCredentials() =>
        ("vc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)));

    public string Hash(ApiClient client, string secret) => hasher.HashPassword(client, secret);

    public sealed record Token(string AccessToken, int ExpiresIn);

    /// <summary>A token for the client, or null when the id or secret is wrong or the client is revoked or expired.</summary>
    public async Task<Token?> IssueAsync(string clientId, string secret, CancellationToken ct)
    {
        var client = await db.ApiClients.AsNoTracking().Include(c => c.Establishment).FirstOrDefaultAsync(c => c.ClientId == clientId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (client is null)
        {
            // The same work as a real check, so a wrong id takes as long as a wrong secret.
            hasher.VerifyHashedPassword(new ApiClient { ClientId = "", Name = "", SecretHash = "", Role = "" }, Dummy, secret);
            return null;
        }
        if (hasher.VerifyHashedPassword(client, client.SecretHash, secret) == PasswordVerificationResult.Failed || !client.IsActive(now))
        {
            return null;
        }
        var expires = Min(now.AddMinutes(options.Value.TokenMinutes), client.ExpiresAt);
        var grant = new Grant(client.Role, client.Establishment?.Code, client.Region);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = ApiSigningKey.Issuer,
            Audience = ApiSigningKey.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = client.ClientId,
                [ClientIdClaim] = client.ClientId,
                ["name"] = ActorOf(client.Name),
                ["role"] = client.Role,
                [GrantClaims.Type] = GrantClaims.Value(grant),
            },
        };
        var token = new JsonWebTokenHandler().CreateToken(descriptor);
        return new Token(token, (int)Math.Max(1, (expires - now).TotalSeconds));
    }

    /// <summary>Whether the client of a token may still call: not revoked, not expired (cached briefly).</summary>
    public async Task<bool> IsActiveAsync(string clientId, CancellationToken ct)
    {
        var expiresAt = await cache.GetOrCreateAsync(CacheKey(clientId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = ActiveCheckCache;
            var c = await db.ApiClients.AsNoTracking().Where(x => x.ClientId == clientId).Select(x => new { x.RevokedAt, x.ExpiresAt }).FirstOrDefaultAsync(ct);
            return c is null || c.RevokedAt is not null ? DateTime.MinValue : c.ExpiresAt;
        });
        return expiresAt > clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>Forgets the cached check, so a revocation takes effect at once on this instance.</summary>
    public void Forget(string clientId) => cache.Remove(CacheKey(clientId));

    /// <summary>Adds the user id the audit log and import runs use, and records the call under the client's name (<see cref="ApiCallLog"/>).</summary>
    public async Task<bool> AcceptAsync(ClaimsPrincipal principal, HttpContext http)
    {
        var clientId = principal.FindFirstValue(ClientIdClaim);
        if (clientId is null || !await IsActiveAsync(clientId, http.RequestAborted))
        {
            return false;
        }
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ClaimTypes.NameIdentifier, UserIdOf(clientId)));
        var call = $"{http.Request.Method} {http.Request.Path}";
        calls.Record(new AuditEvent
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = UserIdOf(clientId),
            Actor = principal.Identity!.Name ?? ActorOf(clientId),
            Action = "ApiCall",
            EntityType = "Api",
            EntityKey = call.Length > 100 ? call[..100] : call,
            After = http.Request.QueryString.HasValue ? System.Text.Json.JsonSerializer.Serialize(new { Query = http.Request.QueryString.Value }) : null,
        });
        return true;
    }

    private static string CacheKey(string clientId) => "api-client-active:" + clientId;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    // A valid PBKDF2 hash of a random secret, to verify against when the client id is unknown.
    private static readonly string Dummy = new PasswordHasher<ApiClient>().HashPassword(new ApiClient { ClientId = "", Name = "", SecretHash = "", Role = "" }, Guid.NewGuid().ToString());
}
