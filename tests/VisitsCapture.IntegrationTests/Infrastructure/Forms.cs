using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace VisitsCapture.IntegrationTests.Infrastructure;

/// <summary>Posting forms the way a browser does: fetch the page's antiforgery token, then post it with the fields.</summary>
public static partial class Forms
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task<string> TokenAsync(this HttpClient client, string pageUrl)
    {
        var html = await client.GetStringAsync(pageUrl);
        var match = TokenPattern().Match(html);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"No antiforgery token on {pageUrl}");
    }

    /// <summary>Posts a form with the token taken from <paramref name="tokenPage"/> (default: the page posted to).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, Dictionary<string, string> fields, string? tokenPage = null)
    {
        var token = await client.TokenAsync(tokenPage ?? url);
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts files as multipart form data, with the token from <paramref name="tokenPage"/>.</summary>
    public static async Task<HttpResponseMessage> PostFilesAsync(this HttpClient client, string url, string tokenPage, Dictionary<string, string> fields, params (string Field, string FileName, string Content)[] files)
    {
        var token = await client.TokenAsync(tokenPage);
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (k, v) in fields)
        {
            content.Add(new StringContent(v), k);
        }
        foreach (var (field, name, text) in files)
        {
            var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            content.Add(file, field, name);
        }
        return await client.PostAsync(url, content);
    }
}
