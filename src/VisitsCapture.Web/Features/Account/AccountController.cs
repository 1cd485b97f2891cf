using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Features.Account;

[Route("account")]
public sealed class AccountController(SignInManager<AppUser> signIn, UserManager<AppUser> users, VisitsDbContext db, TimeProvider clock) : Controller
{
    [AllowAnonymous]
    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    [AllowAnonymous]
    [HttpPost("login")]
    public async Task<IActionResult> Login(LoginForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var user = await users.FindByNameAsync(form.UserName!);
        if (user is { Disabled: true })
        {
            await AuditAsync("SignInRefused", form.UserName!, user.Id);
            ModelState.AddModelError(nameof(form.UserName), "This account is disabled. Ask an administrator.");
            return View(form);
        }
        var result = await signIn.PasswordSignInAsync(form.UserName!, form.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await AuditAsync("SignedIn", form.UserName!, user?.Id);
            return LocalRedirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : "/");
        }
        await AuditAsync(result.IsLockedOut ? "SignInLockedOut" : "SignInFailed", form.UserName!, user?.Id);
        ModelState.AddModelError(nameof(form.UserName), result.IsLockedOut
            ? "This account is locked after too many failed attempts. Try again in 15 minutes or ask an administrator to unlock it."
            : "Enter a correct user name and password.");
        return View(form);
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await AuditAsync("SignedOut", User.Identity?.Name ?? "", null);
        await signIn.SignOutAsync();
        // Empties the offline outbox and caches of a shared tablet along with the session.
        Response.Headers["Clear-Site-Data"] = "\"cache\", \"storage\"";
        return RedirectToAction(nameof(Login));
    }

    [AllowAnonymous]
    [HttpGet("access-denied")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("~/Features/Shared/Forbidden.cshtml");
    }

    private async Task AuditAsync(string action, string userName, string? userId)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = userId,
            Actor = userName.Length > 256 ? userName[..256] : userName,
            Action = action,
            EntityType = "Account",
            EntityKey = userId,
        });
        await db.SaveChangesAsync();
    }
}

public sealed class LoginForm
{
    [Required(ErrorMessage = "Enter your user name")]
    [StringLength(256)]
    [Display(Name = "User name")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Enter your password")]
    [StringLength(256)]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}
