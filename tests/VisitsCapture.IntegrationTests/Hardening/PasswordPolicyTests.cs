using System.Net;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Hardening;

/// <summary>Issue 14 item 3: NCSC password policy, judged by zxcvbn, when an administrator creates an account.</summary>
public sealed class PasswordPolicyTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    [Theory]
    [InlineData("weak.one", "password1234", "too common or easy to guess")]
    [InlineData("weak.two", "aaaaaaaaaaaa", "too common or easy to guess")]
    [InlineData("weak.three", "123456789012", "too common or easy to guess")]
    [InlineData("governor.weak", "governor.weak", "must not contain the user name")]
    [InlineData("weak.four", "short pass", "at least 12 characters")]
    public async Task Weak_passwords_are_refused_with_the_reason(string userName, string password, string reason)
    {
        var response = await CreateAsync(userName, password);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == userName)));
    }

    [Fact]
    public async Task A_201_character_password_is_told_the_upper_limit()
    {
        var response = await CreateAsync("long.one", string.Join(" ", Enumerable.Repeat("visits hall", 20))[..201]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Password must be at most 128 characters", html);
        Assert.DoesNotContain("at least 12", html);
    }

    [Theory]
    [InlineData("good.one", "marmalade tugboat quietly orbits")]
    [InlineData("good.two", "correct horse battery staple")]
    public async Task A_good_passphrase_is_accepted(string userName, string password)
    {
        var response = await CreateAsync(userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == userName)));
    }

    private async Task<HttpResponseMessage> CreateAsync(string userName, string password)
    {
        if (!await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "policy.admin")))
        {
            await App.AddUserAsync("policy.admin", Roles.Administrator, null);
        }
        var admin = await App.SignedInAsync("policy.admin");
        return await admin.PostFormAsync("/admin/users/new", new() { ["UserName"] = userName, ["Password"] = password });
    }
}
