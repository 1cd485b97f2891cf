using Hangfire;
using Hangfire.Storage.Monitoring;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Returns;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.Web.Features.Returns;

namespace VisitsCapture.IntegrationTests.Returns;

/// <summary>
/// The app with a real Hangfire job server (in-memory storage beside SQLite, PostgreSQL storage beside PostgreSQL, as in
/// production), the app's clock replaced by a <see cref="FakeTimeProvider"/>, and a switch that makes the family-group
/// comparison fail part-way.
/// </summary>
public sealed class ReturnsJobApp() : ClockedAppFactory(new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero))
{
    public FaultSwitch Faults { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Jobs:Enabled", "true"),
        new("Jobs:SchedulePollingSeconds", "1"),
        // The tests decide when the job runs; a run at start-up would race with their arranging.
        new("Returns:CatchUpOnStart", "false"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            s.AddScoped<ReturnComparison>();
            s.AddScoped<IReturnComparison>(sp => new FaultyComparison(sp.GetRequiredService<ReturnComparison>(), Faults, sp));
        });
    }

    /// <summary>Triggers the recurring job as the schedule would, and waits until the job's state satisfies <paramref name="until"/>.</summary>
    public async Task<(string JobId, JobDetailsDto Details)> RunMonthlyReturnsAsync(Func<JobDetailsDto, bool>? until = null)
    {
        var jobId = Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(MonthlyReturnsJob.Id)
            ?? throw new InvalidOperationException("The monthly-returns recurring job is not registered.");
        return (jobId, await WaitAsync(jobId, until ?? (d => State(d) == "Succeeded")));
    }

    public async Task<JobDetailsDto> WaitAsync(string jobId, Func<JobDetailsDto, bool> until)
    {
        var monitoring = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var details = monitoring.JobDetails(jobId);
            if (details is not null && until(details))
            {
                return details;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {jobId} is {State(details)}: " + string.Join(" ← ", details?.History.Select(h => $"{h.StateName} ({h.Reason})") ?? []));
            }
            await Task.Delay(100);
        }
    }

    public static string? State(JobDetailsDto? details) => details?.History.FirstOrDefault()?.StateName;
}

/// <summary>Arm it to make the Nth comparison of a run throw: the generator has then already written earlier returns.</summary>
public sealed class FaultSwitch
{
    private int _calls;

    public int? FailOnCall { get; set; }

    /// <summary>Runs at the first comparison of a run, in the generator's scope: a change made while returns are generated.</summary>
    public Func<IServiceProvider, Task>? AtFirstCall { get; set; }

    public int Calls => _calls;

    public void Reset(int? failOnCall)
    {
        _calls = 0;
        FailOnCall = failOnCall;
    }

    public async Task HitAsync(IServiceProvider scope)
    {
        var call = Interlocked.Increment(ref _calls);
        if (call == 1 && AtFirstCall is { } change)
        {
            await change(scope);
        }
        if (call == FailOnCall)
        {
            throw new InvalidOperationException("Injected fault: the comparison failed part-way through the month.");
        }
    }
}

public sealed class FaultyComparison(IReturnComparison inner, FaultSwitch faults, IServiceProvider scope) : IReturnComparison
{
    public async Task<ReturnGroupComparison> CompareAsync(int establishmentId, YearMonth month, IReadOnlyDictionary<int, KpiCounts> monthCounts, CancellationToken ct)
    {
        await faults.HitAsync(scope);
        return await inner.CompareAsync(establishmentId, month, monthCounts, ct);
    }
}
