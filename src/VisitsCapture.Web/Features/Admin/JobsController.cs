using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Web.Configuration;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Admin;

/// <summary>
/// Background jobs at a glance for administrators: the recurring jobs, jobs waiting to retry after a failure, and jobs
/// that failed for good, with their error messages (from Hangfire's monitoring API). The full dashboard is at /jobs.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
[Route("admin/jobs")]
public sealed class JobsController(JobStorage storage, IRecurringJobManagerV2 recurring) : Controller
{
    

    [HttpGet("")]
    public IActionResult Index()
    {
        var monitoring = storage.GetMonitoringApi();
        var failed = monitoring.FailedJobs(0, 50)
            .Select(j => new JobProblem(j.Key, Describe(j.Value.Job), j.Value.FailedAt, j.Value.ExceptionType, j.Value.ExceptionMessage, null))
            .ToList();
        var retrying = new List<JobProblem>();
        foreach (var (id, job) in monitoring.ScheduledJobs(0, 50))
        {
            // A scheduled job whose last failure is in its history is waiting for an automatic retry.
            var lastFailure = monitoring.JobDetails(id)?.History.FirstOrDefault(h => h.StateName == "Failed");
            if (lastFailure is not null)
            {
                retrying.Add(new JobProblem(id, Describe(job.Job), lastFailure.CreatedAt, Data(lastFailure.Data, "ExceptionType"),
                    Data(lastFailure.Data, "ExceptionMessage"), job.EnqueueAt));
            }
        }
        using var connection = storage.GetConnection();
        var schedules = connection.GetRecurringJobs()
            .Select(r => new RecurringLine(r.Id, r.Cron, r.TimeZoneId, r.NextExecution, r.LastExecution, r.LastJobState, r.Error))
            .ToList();
        return View("Jobs", new JobsModel(schedules, retrying, failed, monitoring.Servers().Count));
    }

    /// <summary>Runs a recurring job now (the monthly-returns job catches up every missing month).</summary>
    [HttpPost("{id}/trigger")]
    public IActionResult Trigger(string id)
    {
        if (!JobsSetup.RecurringJobIds.Contains(id))
        {
            return NotFound();
        }
        recurring.TriggerJob(id);
        TempData["Success"] = $"The {id} job has been queued.";
        return Redirect("/admin/jobs");
    }

    private static string? Data(IDictionary<string, string> data, string key) => data.TryGetValue(key, out var v) ? v : null;

    private static string Describe(Hangfire.Common.Job? job) => job is null ? "(unknown job)" : $"{job.Type.Name}.{job.Method.Name}";
}

public sealed record JobProblem(string Id, string Job, DateTime? At, string? ExceptionType, string? Message, DateTime? RetryAt);

public sealed record RecurringLine(string Id, string Cron, string? TimeZone, DateTime? Next, DateTime? Last, string? LastState, string? Error);

public sealed record JobsModel(IReadOnlyList<RecurringLine> Recurring, IReadOnlyList<JobProblem> Retrying, IReadOnlyList<JobProblem> Failed, int Servers);
