using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Admin;

/// <summary>Accounts and role grants. Changing a user's grants or status ends their sessions (security stamp).</summary>
[Authorize(Policy = Policies.Administrator)]
[Route("admin/users")]
public sealed class UsersController(UserManager<AppUser> users, VisitsDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var list = await db.Users.AsNoTracking().Include(u => u.Grants).ThenInclude(g => g.Establishment)
            .OrderBy(u => u.UserName).ToListAsync();
        return View("Users", list);
    }

    [HttpGet("new")]
    public IActionResult New() => View("NewUser", new NewUserForm());

    [HttpPost("new")]
    public async Task<IActionResult> New(NewUserForm form)
    {
        if (ModelState.IsValid)
        {
            var user = new AppUser { UserName = form.UserName!.Trim() };
            var result = await users.CreateAsync(user, form.Password!);
            if (result.Succeeded)
            {
                TempData["Success"] = $"Account {user.UserName} created. Now give it a role.";
                return RedirectToAction(nameof(Show), new { id = user.Id });
            }
            foreach (var e in result.Errors)
            {
                ModelState.AddModelError(e.Code.Contains("Password") ? nameof(form.Password) : nameof(form.UserName), e.Description);
            }
        }
        else if (form.Password is not null && PasswordPolicy.Check(form.Password, form.UserName) is { } weak)
        {
            ModelState.AddModelError(nameof(form.Password), weak);
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("NewUser", form);
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Show(string id)
    {
        var model = await UserModelAsync(id, new GrantForm());
        return model is null ? NotFound() : View("User", model);
    }

    [HttpPost("{id}/grants")]
    public async Task<IActionResult> AddGrant(string id, [Bind(Prefix = "Form")] GrantForm form)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }
        Establishment? establishment = null;
        if (!Roles.All.Contains(form.Role))
        {
            ModelState.AddModelError("Form.Role", "Select a role");
        }
        switch (form.Scope)
        {
            case "establishment":
                establishment = await db.Establishments.FirstOrDefaultAsync(e => e.Code == (form.Establishment ?? "").ToUpper());
                if (establishment is null)
                {
                    ModelState.AddModelError("Form.Establishment", "Enter the code of an existing establishment, for example BMI");
                }
                break;
            case "region" when string.IsNullOrWhiteSpace(form.Region) || !await db.Establishments.AnyAsync(e => e.Region == form.Region):
                ModelState.AddModelError("Form.Region", "Select a region");
                break;
            case "region" or "national" when form.Role is Roles.VisitsStaff or Roles.Governor:
                ModelState.AddModelError("Form.Scope", "Visits staff and governors hold their role at an establishment");
                break;
            case "region" or "national":
                break;
            default:
                ModelState.AddModelError("Form.Scope", "Select where the role applies");
                break;
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("User", await UserModelAsync(id, form));
        }
        var grant = new RoleGrant
        {
            UserId = id,
            Role = form.Role!,
            EstablishmentId = form.Scope == "establishment" ? establishment!.Id : null,
            Region = form.Scope == "region" ? form.Region : null,
        };
        if (!await db.RoleGrants.AnyAsync(g => g.UserId == id && g.Role == grant.Role && g.EstablishmentId == grant.EstablishmentId && g.Region == grant.Region))
        {
            db.RoleGrants.Add(grant);
            await db.SaveChangesAsync();
            await users.UpdateSecurityStampAsync(user);
        }
        TempData["Success"] = "Role added.";
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id}/grants/{grantId:int}/remove")]
    public async Task<IActionResult> RemoveGrant(string id, int grantId)
    {
        var grant = await db.RoleGrants.FirstOrDefaultAsync(g => g.Id == grantId && g.UserId == id);
        if (grant is null)
        {
            return NotFound();
        }
        db.RoleGrants.Remove(grant);
        await db.SaveChangesAsync();
        await users.UpdateSecurityStampAsync((await users.FindByIdAsync(id))!);
        TempData["Success"] = "Role removed.";
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id}/unlock")]
    public async Task<IActionResult> Unlock(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        TempData["Success"] = "Account unlocked.";
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id}/disable")]
    public async Task<IActionResult> SetDisabled(string id, bool disabled)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }
        user.Disabled = disabled;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        TempData["Success"] = disabled ? "Account disabled: its sessions end within two minutes." : "Account enabled.";
        return RedirectToAction(nameof(Show), new { id });
    }

    private async Task<UserModel?> UserModelAsync(string id, GrantForm form)
    {
        var user = await db.Users.AsNoTracking().Include(u => u.Grants).ThenInclude(g => g.Establishment).FirstOrDefaultAsync(u => u.Id == id);
        if (user is null)
        {
            return null;
        }
        var regions = await db.Establishments.Select(e => e.Region).Distinct().OrderBy(r => r).ToListAsync();
        var locked = user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow;
        return new UserModel(user, locked, regions, form);
    }
}

public sealed class NewUserForm
{
    [Required(ErrorMessage = "Enter a user name")]
    [StringLength(100, ErrorMessage = "User name must be 100 characters or fewer")]
    [RegularExpression(@"^[A-Za-z0-9._@-]+$", ErrorMessage = "User name can only contain letters, numbers, full stops, hyphens, underscores and @")]
    [Display(Name = "User name")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Enter a password")]
    // Length and strength are PasswordPolicy's, run by Identity (and by New when the user name is already wrong).
    public string? Password { get; set; }
}

public sealed class GrantForm
{
    public string? Role { get; set; }
    public string? Scope { get; set; }
    public string? Establishment { get; set; }
    public string? Region { get; set; }
}

public sealed record UserModel(AppUser User, bool LockedOut, IReadOnlyList<string> Regions, GrantForm Form);
