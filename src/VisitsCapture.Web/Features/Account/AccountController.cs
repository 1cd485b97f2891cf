using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Account;

[Route("account")]
public sealed class AccountController(SignInManager<AppUser> signIn, UserManager<AppUser> users, DummyPassword dummy, VisitsDbContext db, TimeProvider clock) : Controller
{
    [AllowAnonymous]
    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    /// <summary>
    /// Answers the same, in about the same time, whether the user name is unknown, disabled, locked or right with a
    /// wrong password: a password is checked in every case, and "disabled" or "locked" is said only after the right one.
    /// </summary>
    [AllowAnonymous]
    [HttpPost("login")]
    [EnableRateLimiting(SignInRateLimit.Policy)]
    public async Task<IActionResult> Login(LoginForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var user = await users.FindByNameAsync(form.UserName!);
        if (user is null)
        {
            dummy.Verify(form.Password!);
            return await RefuseAsync(form, "SignInFailed", null, null);
        }
        if (user.Disabled || await users.IsLockedOutAsync(user))
        {
            // No failure is counted here: the account cannot sign in either way.
            var right = await users.CheckPasswordAsync(user, form.Password!);
            var refusal = !right ? null : user.Disabled
                ? "This account is disabled. Ask an administrator."
                : LockedOut;
            return await RefuseAsync(form, user.Disabled ? "SignInRefused" : "SignInLockedOut", user.Id, refusal);
        }
        var result = await signIn.CheckPasswordSignInAsync(user, form.Password!, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            await signIn.SignInAsync(user, isPersistent: false);
            await AuditAsync("SignedIn", form.UserName!, user.Id);
            return LocalRedirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : "/");
        }
        // The failure count and its audit event are written in one save, as an unknown name's audit event is: the same
        // number of writes, so the same time. A wrong password that locks the account still gets the usual answer.
        var locksNow = user.AccessFailedCount + 1 >= users.Options.Lockout.MaxFailedAccessAttempts;
        StageAudit(locksNow ? "SignInLockedOut" : "SignInFailed", form.UserName!, user.Id);
        await users.AccessFailedAsync(user);
        return await RefuseAsync(form, null);
    }

    private const string LockedOut = "This account is locked after too many failed attempts. Try again in 15 minutes or ask an administrator to unlock it.";

    private async Task<IActionResult> RefuseAsync(LoginForm form, string action, string? userId, string? message)
    {
        StageAudit(action, form.UserName!, userId);
        return await RefuseAsync(form, message);
    }

    private async Task<IActionResult> RefuseAsync(LoginForm form, string? message)
    {
        await db.SaveChangesAsync();
        ModelState.AddModelError(nameof(form.UserName), message ?? "Enter a correct user name and password.");
        return View(form);
    }

    /// <summary>Ends the session on the server too: a new security stamp makes any copy of the cookie invalid.</summary>
    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await AuditAsync("SignedOut", User.Identity?.Name ?? "", null);
        if (await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
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
        StageAudit(action, userName, userId);
        await db.SaveChangesAsync();
    }

    private void StageAudit(string action, string userName, string? userId) => db.AuditEvents.Add(new AuditEvent
    {
        At = clock.GetUtcNow().UtcDateTime,
        UserId = userId,
        Actor = userName.Length > 256 ? userName[..256] : userName,
        Action = action,
        EntityType = "Account",
        EntityKey = userId,
    });
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
