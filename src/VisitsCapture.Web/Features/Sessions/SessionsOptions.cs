using System.ComponentModel.DataAnnotations;

namespace VisitsCapture.Web.Features.Sessions;

/// <summary>When the daily-sessions job runs (configuration section "Sessions").</summary>
public sealed class SessionsOptions
{
    public const string Section = "Sessions";

    /// <summary>The key this setting had before it moved here; still read when Sessions:GenerationCron is not set.</summary>
    public const string LegacyCronKey = "Returns:SessionsCron";

    /// <summary>Cron of the daily session generation job, in London time: default 03:00.</summary>
    [Required]
    public string GenerationCron { get; set; } = "0 3 * * *";
}
