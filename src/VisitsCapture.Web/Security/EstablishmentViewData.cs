using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace VisitsCapture.Web.Security;

/// <summary>Gives establishment pages the establishment's name for the header's switcher.</summary>
public sealed class EstablishmentViewData(EstablishmentAccess access) : IResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Controller is Controller c && access.TryCurrent is { } e)
        {
            c.ViewData["EstablishmentName"] = e.Name;
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
