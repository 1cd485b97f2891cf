using System.Text.Json;

namespace VisitsCapture.Web.Features.Admin;

/// <summary>One field of an audit event: its value before and after, as text.</summary>
public sealed record AuditChange(string Field, string Before, string After)
{
    public bool Changed => Before != After;
}

/// <summary>
/// An audit event's before and after (JSON objects written by the audit interceptor and the jobs) read back as a
/// field-by-field table: strings decoded (no <c>\u0022</c>), a missing value shown empty. Text that is not a JSON
/// object is shown as it is, under "value".
/// </summary>
public static class AuditChanges
{
    public static IReadOnlyList<AuditChange> Of(string? before, string? after)
    {
        var b = Fields(before);
        var a = Fields(after);
        return b.Keys.Concat(a.Keys).Distinct()
            .Select(field => new AuditChange(field, b.GetValueOrDefault(field, ""), a.GetValueOrDefault(field, "")))
            .ToList();
    }

    private static Dictionary<string, string> Fields(string? json)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return fields;
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                fields["value"] = Text(doc.RootElement);
                return fields;
            }
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                fields[p.Name] = Text(p.Value);
            }
        }
        catch (JsonException)
        {
            fields["value"] = json;
        }
        return fields;
    }

    private static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => e.GetRawText(),
        // Nested values: compact JSON without escapes, so text reads as written.
        _ => JsonSerializer.Serialize(e, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
    };
}
