using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace VisitsCapture.Web.Features.Shared;

/// <summary>
/// A GOV.UK Design System text input with its label, hint and error message, bound to a model property:
/// <c>&lt;govuk-input asp-for="Prisoner" label="Prison number" hint="For example, A1234BC" /&gt;</c>.
/// </summary>
[HtmlTargetElement("govuk-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukInputTagHelper(HtmlEncoder encoder) : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public required Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression For { get; set; }

    /// <summary>The field's name when it differs from the expression's (a form nested in a page's model, as the visit form is).</summary>
    public string? Name { get; set; }

    public string? Label { get; set; }
    public string? Hint { get; set; }
    public string Type { get; set; } = "text";

    /// <summary>Extra classes for the input, e.g. govuk-input--width-10.</summary>
    public string? InputClass { get; set; }
    public string? Autocomplete { get; set; }
    public string? Inputmode { get; set; }
    public bool? Spellcheck { get; set; }
    public bool LabelAsHeading { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = Name ?? For.Name;
        var id = TagBuilder.CreateSanitizedId(name, "_") ?? name;
        var value = ViewContext.ModelState.TryGetValue(name, out var entry) && entry.AttemptedValue is not null
            ? entry.AttemptedValue
            : For.Model is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : For.Model?.ToString();
        var error = entry?.Errors.FirstOrDefault()?.ErrorMessage;
        var label = Label ?? For.Metadata.DisplayName ?? name;
        var describedBy = new List<string>();

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "govuk-form-group" + (error is null ? "" : " govuk-form-group--error"));

        var html = new System.Text.StringBuilder();
        var labelHtml = $"<label class=\"govuk-label{(LabelAsHeading ? " govuk-label--l" : "")}\" for=\"{id}\">{E(label)}</label>";
        html.Append(LabelAsHeading ? $"<h1 class=\"govuk-label-wrapper\">{labelHtml}</h1>" : labelHtml);
        if (Hint is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div id=\"{id}-hint\" class=\"govuk-hint\">{E(Hint)}</div>");
            describedBy.Add($"{id}-hint");
        }
        if (error is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p id=\"{id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {E(error)}</p>");
            describedBy.Add($"{id}-error");
        }
        html.Append(CultureInfo.InvariantCulture, $"<input class=\"govuk-input{(InputClass is null ? "" : " " + E(InputClass))}{(error is null ? "" : " govuk-input--error")}\" id=\"{id}\" name=\"{E(name)}\" type=\"{E(Type)}\"");
        if (Type != "password" && value is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $" value=\"{E(value)}\"");
        }
        if (describedBy.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $" aria-describedby=\"{string.Join(' ', describedBy)}\"");
        }
        if (Autocomplete is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $" autocomplete=\"{E(Autocomplete)}\"");
        }
        if (Inputmode is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $" inputmode=\"{E(Inputmode)}\"");
        }
        if (Spellcheck is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $" spellcheck=\"{(Spellcheck.Value ? "true" : "false")}\"");
        }
        html.Append('>');
        output.Content.SetHtmlContent(html.ToString());
    }

    private string E(string s) => encoder.Encode(s);
}
