using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Api;

/// <summary>An OAuth 2.0 client-credentials token response (RFC 6749 §5.1).</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>A client-credentials token request, as JSON (a form posts the same names).</summary>
public sealed class TokenRequest
{
    [JsonPropertyName("grant_type")]
    public string? GrantType { get; set; }

    [JsonPropertyName("client_id")]
    public string? ClientId { get; set; }

    [JsonPropertyName("client_secret")]
    public string? ClientSecret { get; set; }
}

/// <summary>
/// The token endpoint: an API client exchanges its id and secret (form fields, JSON or HTTP Basic) for a short-lived
/// bearer token. It is anonymous and takes no cookie, so it needs no antiforgery token.
/// </summary>
[ApiController]
[Tags("Authentication")]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class TokenController(ApiClientCredentials credentials) : ControllerBase
{
    [HttpPost("/api/token")]
    [Consumes("application/x-www-form-urlencoded", "application/json")]
    [EndpointSummary("Get a bearer token")]
    [EndpointDescription("OAuth 2.0 client credentials: grant_type=client_credentials with the client_id and client_secret an administrator issued (as form fields, JSON, or HTTP Basic). The token lasts a few minutes (expires_in seconds); send it as 'Authorization: Bearer <token>'. A revoked or expired client gets 401 with error invalid_client.")]
    [ProducesResponseType<TokenResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    public async Task<ActionResult<TokenResponse>> Token(CancellationToken ct)
    {
        var request = await ReadAsync(ct);
        if (request is null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "Send grant_type, client_id and client_secret as form fields or JSON.");
        }
        if (request.GrantType != "client_credentials")
        {
            return Error(StatusCodes.Status400BadRequest, "unsupported_grant_type", "grant_type must be client_credentials.");
        }
        (request.ClientId, request.ClientSecret) = BasicCredentials() ?? (request.ClientId, request.ClientSecret);
        if (string.IsNullOrWhiteSpace(request.ClientId) || string.IsNullOrEmpty(request.ClientSecret) || request.ClientId.Length > 40 || request.ClientSecret.Length > 200)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "client_id and client_secret are required.");
        }
        var token = await credentials.IssueAsync(request.ClientId.Trim(), request.ClientSecret, ct);
        if (token is null)
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_client", "The client id or secret is wrong, or the client has been revoked or has expired.");
        }
        Response.Headers.CacheControl = "no-store";
        return new TokenResponse(token.AccessToken, "Bearer", token.ExpiresIn);
    }

    private async Task<TokenRequest?> ReadAsync(CancellationToken ct)
    {
        if (Request.HasFormContentType)
        {
            var form = await Request.ReadFormAsync(ct);
            return new TokenRequest { GrantType = form["grant_type"], ClientId = form["client_id"], ClientSecret = form["client_secret"] };
        }
        if (Request.HasJsonContentType())
        {
            try
            {
                return await Request.ReadFromJsonAsync<TokenRequest>(ct);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
        return null;
    }

    private (string?, string?)? BasicCredentials()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())).Split(':', 2);
            return pair.Length == 2 ? (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private ObjectResult Error(int status, string error, string detail)
    {
        var problem = ProblemDetailsFactory.CreateProblemDetails(HttpContext, status, title: error == "invalid_client" ? "Invalid client" : "Invalid token request", detail: detail);
        problem.Extensions["error"] = error;
        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }
}
