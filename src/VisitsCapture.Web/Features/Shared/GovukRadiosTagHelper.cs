using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace VisitsCapture.Web.Features.Shared;

/// <summary>
/// A GOV.UK Design System radios question with its legend, hint and error message:
/// <c>&lt;govuk-radios name="Type" legend="Type of session" value="@Model.Type" options="@options" /&gt;</c>.
/// The first radio's id is the field name, so the error summary's link lands on it.
/// </summary>
[HtmlTargetElement("govuk-radios", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukRadiosTagHelper(HtmlEncoder encoder) : TagHelper
{
    public required string Name { get; set; }
    public required string Legend { get; set; }
    public string? Hint { get; set; }
    public string? Value { get; set; }
    public IEnumerable<KeyValuePair<string, string>> Options { get; set; } = [];
    public bool Small { get; set; }
    public bool Inline { get; set; }

    /// <summary>The legend's size class, e.g. govuk-fieldset__legend--m.</summary>
    public string LegendClass { get; set; } = "govuk-fieldset__legend--s";

    [ViewContext]
    [HtmlAttributeNotBound]
    public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var id = TagBuilder.CreateSanitizedId(Name, "_") ?? Name;
        var error = ViewContext.ModelState.TryGetValue(Name, out var entry) ? entry.Errors.FirstOrDefault()?.ErrorMessage : null;
        var describedBy = new List<string>();
        var html = new StringBuilder();
        html.Append("<fieldset class=\"govuk-fieldset\"");
        var inner = new StringBuilder();
        if (Hint is not null)
        {
            inner.Append(CultureInfo.InvariantCulture, $"<div id=\"{id}-hint\" class=\"govuk-hint\">{E(Hint)}</div>");
            describedBy.Add($"{id}-hint");
        }
        if (error is not null)
        {
            inner.Append(CultureInfo.InvariantCulture, $"<p id=\"{id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {E(error)}</p>");
            describedBy.Add($"{id}-error");
        }
        if (describedBy.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $" aria-describedby=\"{string.Join(' ', describedBy)}\"");
        }
        html.Append(CultureInfo.InvariantCulture, $"><legend class=\"govuk-fieldset__legend {E(LegendClass)}\">{E(Legend)}</legend>");
        html.Append(inner);
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"govuk-radios{(Small ? " govuk-radios--small" : "")}{(Inline ? " govuk-radios--inline" : "")}\" data-module=\"govuk-radios\">");
        var i = 0;
        foreach (var (value, text) in Options)
        {
            var itemId = i++ == 0 ? id : $"{id}-{i}";
            var selected = string.Equals(value, Value, StringComparison.OrdinalIgnoreCase);
            html.Append("<div class=\"govuk-radios__item\">");
            html.Append(CultureInfo.InvariantCulture, $"<input class=\"govuk-radios__input\" id=\"{itemId}\" name=\"{E(Name)}\" type=\"radio\" value=\"{E(value)}\"{(selected ? " checked" : "")}>");
            html.Append(CultureInfo.InvariantCulture, $"<label class=\"govuk-label govuk-radios__label\" for=\"{itemId}\">{E(text)}</label>");
            html.Append("</div>");
        }
        html.Append("</div></fieldset>");

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        var extra = output.Attributes.TryGetAttribute("class", out var cls) ? " " + cls.Value : "";
        output.Attributes.SetAttribute("class", "govuk-form-group" + (error is null ? "" : " govuk-form-group--error") + extra);
        output.Content.SetHtmlContent(html.ToString());
    }

    private string E(string s) => encoder.Encode(s);
}
