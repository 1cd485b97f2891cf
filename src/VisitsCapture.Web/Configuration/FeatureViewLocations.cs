using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace VisitsCapture.Web.Configuration;

/// <summary>
/// Finds a controller's views in its feature folder: a controller in namespace VisitsCapture.Web.Features.Capture
/// renders Features/Capture/{view}.cshtml; shared views are in Features/Shared.
/// </summary>
public sealed class FeatureViewLocations : IViewLocationExpander
{
    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor action)
        {
            context.Values["feature"] = action.ControllerTypeInfo.Namespace?.Split('.').Last();
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations) =>
        context.Values.TryGetValue("feature", out var feature) && feature is not null
            ? ["/Features/" + feature + "/{0}.cshtml", "/Features/Shared/{0}.cshtml"]
            : viewLocations;
}
