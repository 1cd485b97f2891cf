using System.Net;
using System.Text.RegularExpressions;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Hardening;

/// <summary>Issue 14 item 1: sign-out ends the session on the server, so a copied cookie stops working.</summary>
public sealed partial class SignOutTests(HallFixture fixture) : IClassFixture<HallFixture>
{
    private ClockedAppFactory App => fixture.App;

    [Fact]
    public async Task A_copy_of_the_cookie_is_refused_within_a_minute_of_sign_out()
    {
        await App.AddUserAsync("tablet.user", Roles.Administrator, null);
        var tablet = new CookieJar(App);
        await tablet.SignInAsync("tablet.user");
        var copy = tablet.Copy();
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/admin/users")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await tablet.PostAsync("/account/logout", "/admin/users", [])).StatusCode);

        // The stamp is checked at most a minute after the cookie was issued or last checked.
        App.Clock.Advance(TimeSpan.FromSeconds(61));
        var replay = await copy.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.StartsWith("/account/login", replay.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Without_sign_out_the_same_copy_keeps_working()
    {
        // The control: the copy above is refused because of the sign-out, not because time passed.
        await App.AddUserAsync("tablet.other", Roles.Administrator, null);
        var tablet = new CookieJar(App);
        await tablet.SignInAsync("tablet.other");
        var copy = tablet.Copy();
        App.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/admin/users")).StatusCode);
    }

    /// <summary>A client whose cookies can be copied to another, as an attacker would copy them off a shared tablet.</summary>
    private sealed partial class CookieJar(AppFactory app)
    {
        private readonly HttpClient _client = app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        private readonly Dictionary<string, string> _cookies = [];

        public CookieJar Copy()
        {
            var copy = new CookieJar(app);
            foreach (var (k, v) in _cookies)
            {
                copy._cookies[k] = v;
            }
            return copy;
        }

        public async Task SignInAsync(string userName)
        {
            var response = await PostAsync("/account/login", "/account/login", new() { ["UserName"] = userName, ["Password"] = AppFactory.Password });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

        public async Task<HttpResponseMessage> PostAsync(string url, string tokenPage, Dictionary<string, string> fields)
        {
            var page = await (await GetAsync(tokenPage)).Content.ReadAsStringAsync();
            fields["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value;
            return await SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) });
        }

        private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }
            var response = await _client.SendAsync(request);
            foreach (var set in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = set.Split(';')[0].Split('=', 2);
                _cookies[pair[0]] = pair[1];
            }
            return response;
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex Token();
    }
}
