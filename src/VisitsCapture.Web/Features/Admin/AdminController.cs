using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Admin;

[Authorize(Policy = Policies.Administrator)]
public sealed class AdminController : Controller
{
    [HttpGet("/admin")]
    public IActionResult Index() => Redirect("/admin/imports");
}
