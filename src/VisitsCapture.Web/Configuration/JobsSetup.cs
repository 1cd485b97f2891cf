using System.ComponentModel.DataAnnotations;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.Logging;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Retention;
using VisitsCapture.Web.Features.Returns;
using VisitsCapture.Web.Features.Sessions;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Configuration;

/// <summary>
/// The background jobs, wired in one place: Hangfire with in-memory storage beside SQLite, PostgreSQL storage beside
/// PostgreSQL (several app instances then share one queue), the dashboard at /jobs for administrators only, and the
/// recurring jobs. Each job lives in the feature it serves, with its own settings (Returns:Cron, Sessions:GenerationCron).
/// </summary>
public static class JobsSetup
{
    /// <summary>Every recurring job's id, for the administrators' jobs page.</summary>
    public static IReadOnlyList<string> RecurringJobIds { get; } = [MonthlyReturnsJob.Id, SessionGenerationJob.Id, DataRetention.JobId];

    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Storage and activator are this app's own services rather than Hangfire's process-wide statics
        // (JobStorage.Current, JobActivator.Current), so each app instance, test hosts included, keeps its own.
        var provider = builder.Configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var configuration = builder.Configuration;
        var environment = builder.Environment;
        services.AddSingleton<JobStorage>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            if (provider == DatabaseProvider.Postgres)
            {
                var options = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true };
                var cs = DataSetup.ConnectionString(configuration, environment, provider);
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(cs, options), options);
            }
            return new InMemoryStorage(new InMemoryStorageOptions());
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, c) => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>())));

        // Commands never start the host, so they never run a server; tests and web-only instances turn it off.
        if (builder.Configuration.GetValue($"{JobsOptions.Section}:{nameof(JobsOptions.Enabled)}", true))
        {
            services.AddHangfireServer((sp, o) =>
            {
                var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
                o.WorkerCount = jobs.WorkerCount;
                o.SchedulePollingInterval = TimeSpan.FromSeconds(jobs.SchedulePollingSeconds);
            });
        }
        return builder;
    }

    /// <summary>The dashboard, and the recurring jobs (AddOrUpdate is idempotent by id, so it runs at every start).</summary>
    public static WebApplication MapJobs(this WebApplication app)
    {
        // Keeps the dashboard's antiforgery check (IgnoreAntiforgeryToken stays false); job arguments are ids and months only.
        app.MapHangfireDashboardWithAuthorizationPolicy(Policies.Administrator, SecurityHeaders.JobsDashboardPath, new DashboardOptions
        {
            AppPath = "/admin/jobs",
            DashboardTitle = "VisitsCapture background jobs",
            DisplayStorageConnectionString = false,
        });

        var returns = app.Services.GetRequiredService<IOptions<ReturnsOptions>>().Value;
        var sessions = app.Services.GetRequiredService<IOptions<SessionsOptions>>().Value;
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        var schedule = new RecurringJobOptions { TimeZone = LondonTime.Zone };
        recurring.AddOrUpdate<MonthlyReturnsJob>(MonthlyReturnsJob.Id, j => j.RunAsync(CancellationToken.None), returns.Cron, schedule);
        recurring.AddOrUpdate<SessionGenerationJob>(SessionGenerationJob.Id, j => j.RunAsync(CancellationToken.None), sessions.GenerationCron, schedule);
        recurring.AddOrUpdate<DataRetention>(DataRetention.JobId, j => j.RunJobAsync(CancellationToken.None),
            app.Services.GetRequiredService<IOptions<RetentionOptions>>().Value.Cron, schedule);
        if (returns.CatchUpOnStart)
        {
            app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<MonthlyReturnsJob>(j => j.RunAsync(CancellationToken.None));
        }
        return app;
    }

    /// <summary>
    /// Hangfire's log provider is process-wide; this one writes to the host's loggers and goes quiet once that host is
    /// disposed (several hosts share one process in the tests), instead of throwing ObjectDisposedException in a job.
    /// </summary>
    private sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
    {
        private readonly AspNetCoreLogProvider _inner = new(factory);

        public ILog GetLogger(string name)
        {
            try
            {
                return new QuietLog(_inner.GetLogger(name));
            }
            catch (ObjectDisposedException)
            {
                return new QuietLog(null);
            }
        }

        private sealed class QuietLog(ILog? inner) : ILog
        {
            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
            {
                try
                {
                    return inner?.Log(logLevel, messageFunc, exception) ?? false;
                }
                catch (ObjectDisposedException)
                {
                    return false;
                }
            }
        }
    }
}

/// <summary>The Hangfire background job server (configuration section "Jobs").</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Whether this process runs a job server. Off for tests and for a web-only instance; commands never run one.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Few workers: the app shares two cores and one SQLite writer with the visits hall tablets.</summary>
    [Range(1, 20)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>How often scheduled jobs (including retries) are checked for being due.</summary>
    [Range(1, 300)]
    public int SchedulePollingSeconds { get; set; } = 15;
}
