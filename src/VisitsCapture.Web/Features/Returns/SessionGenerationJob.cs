using Hangfire;
using VisitsCapture.Web.Configuration;

namespace VisitsCapture.Web.Features.Returns;

/// <summary>Generates sessions from the weekly templates for the coming weeks (the capture feature's SessionGenerator).</summary>
public interface IDailySessionGeneration
{
    Task<string> RunAsync(CancellationToken ct);
}

/// <summary>
/// PLACEHOLDER, replaced at merge: the capture branch's SessionGenerator implements <see cref="IDailySessionGeneration"/>
/// and is registered in its place (ReturnsSetup). Until then the daily job runs and does nothing.
/// </summary>
public sealed class NoSessionGeneration : IDailySessionGeneration
{
    public Task<string> RunAsync(CancellationToken ct) => Task.FromResult("Session generation is not installed in this build.");
}

/// <summary>The recurring "daily-sessions" job.</summary>
public sealed class SessionGenerationJob(IDailySessionGeneration sessions)
{
    public const string Id = "daily-sessions";

    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [300, 1800, 3600])]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<string> RunAsync(CancellationToken ct)
    {
        using var actor = AmbientActor.As("session generation job");
        return await sessions.RunAsync(ct);
    }
}
