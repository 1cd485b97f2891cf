using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Admin;

/// <summary>
/// API clients: an administrator issues a named client holding one role where it applies, until an expiry date; its
/// secret is shown once. Revoking a client stops its tokens within a minute.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
[Route("admin/api-clients")]
public sealed class ApiClientsController(VisitsDbContext db, ApiClientCredentials credentials, TimeProvider clock) : Controller
{
    public static readonly int[] ExpiryChoices = [30, 90, 180, 365];

    [HttpGet("")]
    public async Task<IActionResult> Index() => View("ApiClients", await ModelAsync(new ApiClientForm(), null));

    [HttpPost("")]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] ApiClientForm form)
    {
        var establishment = await GrantScope.ValidateAsync(form.Grant, db, ModelState, "Form.");
        if (ModelState.IsValid && await db.ApiClients.AnyAsync(c => c.Name == form.Name!.Trim()))
        {
            ModelState.AddModelError("Form.Name", "There is already a client with this name: choose another");
        }
        if (!ExpiryChoices.Contains(form.ExpiryDays))
        {
            ModelState.AddModelError("Form.ExpiryDays", "Select how long the client can be used");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("ApiClients", await ModelAsync(form, null));
        }
        var (clientId, secret) = ApiClientCredentials.NewCredentials();
        var now = clock.GetUtcNow().UtcDateTime;
        var client = new ApiClient
        {
            ClientId = clientId,
            Name = form.Name!.Trim(),
            SecretHash = "",
            Role = form.Role!,
            EstablishmentId = form.Scope == "establishment" ? establishment!.Id : null,
            Region = form.Scope == "region" ? form.Region : null,
            CreatedAt = now,
            ExpiresAt = now.AddDays(form.ExpiryDays),
        };
        client.SecretHash = credentials.Hash(client, secret);
        db.ApiClients.Add(client);
        await db.SaveChangesAsync();
        // The secret is in this response only: never cached, never stored.
        Response.Headers.CacheControl = "no-store";
        return View("ApiClients", await ModelAsync(new ApiClientForm(), new IssuedClient(client.Name, clientId, secret)));
    }

    [HttpPost("{id:int}/revoke")]
    public async Task<IActionResult> Revoke(int id)
    {
        var client = await db.ApiClients.FirstOrDefaultAsync(c => c.Id == id);
        if (client is null)
        {
            return NotFound();
        }
        if (client.RevokedAt is null)
        {
            client.RevokedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
            credentials.Forget(client.ClientId);
        }
        TempData["Success"] = $"API client {client.Name} revoked: its tokens stop working within a minute.";
        return Redirect("/admin/api-clients");
    }

    private async Task<ApiClientsModel> ModelAsync(ApiClientForm form, IssuedClient? issued)
    {
        var clients = await db.ApiClients.AsNoTracking().Include(c => c.Establishment).OrderBy(c => c.Name).ToListAsync();
        var regions = await db.Establishments.Select(e => e.Region).Distinct().OrderBy(r => r).ToListAsync();
        return new ApiClientsModel(clients, regions, form, issued, clock.GetUtcNow().UtcDateTime);
    }
}

public sealed class ApiClientForm
{
    [Required(ErrorMessage = "Enter a name for the client")]
    [StringLength(100, ErrorMessage = "Name must be 100 characters or fewer")]
    [RegularExpression(@"^[A-Za-z0-9._-]+$", ErrorMessage = "Name can only contain letters, numbers, full stops, hyphens and underscores")]
    public string? Name { get; set; }

    public string? Role { get; set; }
    public string? Scope { get; set; }
    public string? Establishment { get; set; }
    public string? Region { get; set; }
    public int ExpiryDays { get; set; } = 90;

    public GrantForm Grant => new() { Role = Role, Scope = Scope, Establishment = Establishment, Region = Region };
}

/// <summary>A client just issued: the only time its secret is shown.</summary>
public sealed record IssuedClient(string Name, string ClientId, string Secret);

public sealed record ApiClientsModel(IReadOnlyList<ApiClient> Clients, IReadOnlyList<string> Regions, ApiClientForm Form, IssuedClient? Issued, DateTime Now);
