using Microsoft.Extensions.Options;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Features.Returns;

/// <summary>Which month it is, by the local date in the configured time zone (Europe/London), from the injected clock.</summary>
public sealed class ReturnMonths(TimeProvider clock, IOptions<ReturnsOptions> options)
{
    /// <summary>The month of today's local date.</summary>
    public YearMonth Current => LocalMonth(clock.GetUtcNow(), options.Value.Zone);

    /// <summary>The latest month that has ended: the one returns are due for.</summary>
    public YearMonth LastComplete => Current.Previous;

    /// <summary>
    /// The month of an instant's local date. Month ends follow local midnight, so around the clock changes
    /// 23:30 UTC on 31 March is already April in London (BST, UTC+1) while 23:30 UTC on 31 October is still October (GMT).
    /// </summary>
    public static YearMonth LocalMonth(DateTimeOffset instant, TimeZoneInfo zone) =>
        YearMonth.Of(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));
}
