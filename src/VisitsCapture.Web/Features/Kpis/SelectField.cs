namespace VisitsCapture.Web.Features.Kpis;

/// <summary>An option of a GOV.UK select, optionally in an option group.</summary>
public sealed record SelectOption(string Value, string Text, string? Group = null);

/// <summary>A GOV.UK select with its label, hint and error (rendered by _SelectField).</summary>
public sealed record SelectField(string Name, string Label, IReadOnlyList<SelectOption> Options, string? Selected, string? Hint = null, string? Error = null);
