using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Tests;

namespace VisitsCapture.BrowserTests.Infrastructure;

/// <summary>
/// The real app on a real Kestrel port (HTTPS on 127.0.0.1 with a certificate made for the test run: the app's cookies
/// and antiforgery token are Secure-only and refuse plain HTTP), on its own SQLite file, with the real clock.
/// </summary>
public sealed class BrowserAppFactory : WebApplicationFactory<Program>
{
    public const string Password = TestApp.Password;

    private readonly IReadOnlyDictionary<string, string?> settings;

    public string DatabaseFile { get; } = TestApp.NewSqliteFile("vc-browser");

    /// <param name="settings">Configuration for a test class, over the defaults (e.g. Demo:SeedWhenEmpty).</param>
    public BrowserAppFactory(IReadOnlyDictionary<string, string?>? settings = null)
    {
        this.settings = settings ?? new Dictionary<string, string?>();
        var certificate = SelfSigned();
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
    }

    public string BaseUrl => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TestApp.UseDatabase(builder, $"Data Source={DatabaseFile}", "Sqlite");
        // No background jobs: a catch-up run at start would compete with the browser for the CPU.
        builder.UseSetting("Jobs:Enabled", "false");
        builder.UseSetting("Security:SignInAttemptsPerMinute", "100000");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task StartAsync()
    {
        StartServer();
        await WithDbAsync(db => db.Database.MigrateAsync());
    }

    public Task<T> WithDbAsync<T>(Func<VisitsDbContext, Task<T>> action) => TestApp.WithDbAsync(Services, action);

    public Task WithDbAsync(Func<VisitsDbContext, Task> action) => WithDbAsync(async db =>
    {
        await action(db);
        return 0;
    });

    public Task<Establishment> AddEstablishmentAsync(string code) => TestApp.AddEstablishmentAsync(Services, code);

    /// <summary>Creates an account holding one role at an establishment (code), a region ("R:name") or nationally (null).</summary>
    public Task AddUserAsync(string userName, string role, string? code) => TestApp.AddUserAsync(Services, userName, role, code);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TestApp.DeleteSqliteFiles(DatabaseFile);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}

/// <summary>One app and one Debian Chromium per test class. Chromium missing is a failure, never a skip.</summary>
public class BrowserFixture : IAsyncLifetime
{
    public BrowserFixture()
        : this(new BrowserAppFactory())
    {
    }

    protected BrowserFixture(BrowserAppFactory app) => App = app;

    public BrowserAppFactory App { get; }

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var chromium = Chromium()
            ?? throw new InvalidOperationException("Debian's chromium is not installed: run `apt-get install -y chromium` (as root). Browser tests never download a browser.");
        await App.StartAsync();
        await PrepareAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--ignore-certificate-errors"],
        });
    }

    /// <summary>Fills the started app with what the test class needs, before the browser starts.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>A tablet: 768 by 1024, trusting the test run's own certificate.</summary>
    public Task<IBrowserContext> TabletAsync() => ContextAsync(Viewport.Tablet);

    /// <summary>A touch tablet, 768 by 1024: taps (Locator.TapAsync) as a hall officer's finger makes them.</summary>
    public Task<IBrowserContext> TouchTabletAsync() => ContextAsync(Viewport.Tablet, touch: true);

    /// <summary>A fresh browser context (no cookies) of this screen size, trusting the test run's own certificate.</summary>
    public Task<IBrowserContext> ContextAsync(Viewport viewport, bool touch = false) => Browser.NewContextAsync(new()
    {
        HasTouch = touch,
        BaseURL = App.BaseUrl,
        ViewportSize = new() { Width = viewport.Width, Height = viewport.Height },
        IgnoreHTTPSErrors = true,
        ServiceWorkers = ServiceWorkerPolicy.Allow,
        Locale = "en-GB",
        TimezoneId = "Europe/London",
    });

    public virtual async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        Playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>The path `which chromium` gives.</summary>
    private static string? Chromium() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);
}
