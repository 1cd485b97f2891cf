using Microsoft.AspNetCore.Mvc;

namespace VisitsCapture.Web.Features.Standards;

/// <summary>The governor's dashboard panel: latest score and RAG per standard, overdue audits and the team measures.</summary>
public sealed class StandardsPanelViewComponent(StandardsQuery query) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int establishmentId, string code) =>
        View("/Features/Standards/_StandardsPanel.cshtml", (await query.ForEstablishmentAsync(establishmentId, HttpContext.RequestAborted), code));
}
