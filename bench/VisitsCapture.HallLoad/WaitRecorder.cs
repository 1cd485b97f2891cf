using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace VisitsCapture.HallLoad;

/// <summary>
/// Where requests wait: how long EF's database commands and transaction starts took (from EF's diagnostic events),
/// and the app's own wait measurements (meter "VisitsCapture.Data"). Microsoft.Data.Sqlite answers SQLITE_BUSY by
/// sleeping 150 ms and trying again, so a command or BEGIN of 150 ms or more on SQLite has almost surely slept.
/// </summary>
internal sealed class WaitRecorder : IObserver<DiagnosticListener>, IDisposable
{
    private const double BusySleepMs = 150;
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _samples = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly MeterListener _meters = new();

    public WaitRecorder()
    {
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "VisitsCapture.Data")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument.Name, value));
        _meters.Start();
    }

    public string Summary()
    {
        var text = new StringBuilder("| measured inside the app | count | total s | p50 ms | p95 ms | p99 ms | max ms | at least 150 ms |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var (name, bag) in _samples.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var ms = bag.Order().ToList();
            text.Append(CultureInfo.InvariantCulture,
                $"| {name} | {ms.Count} | {ms.Sum() / 1000:F1} | {P(ms, 0.5):F2} | {P(ms, 0.95):F2} | {P(ms, 0.99):F2} | {ms[^1]:F1} | {ms.Count(m => m >= BusySleepMs)} |\n");
        }
        return text.ToString();
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            _subscriptions.Add(value.Subscribe(new EfEvents(this)));
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _meters.Dispose();
        foreach (var s in _subscriptions)
        {
            s.Dispose();
        }
    }

    private void Add(string name, double ms) => _samples.GetOrAdd(name, _ => []).Add(ms);

    private static double P(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed class EfEvents(WaitRecorder recorder) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> e)
        {
            switch (e.Value)
            {
                case CommandExecutedEventData c:
                    recorder.Add(IsWrite(c.Command.CommandText) ? "EF command, write" : "EF command, read", c.Duration.TotalMilliseconds);
                    break;
                case CommandErrorEventData c:
                    recorder.Add("EF command, failed", c.Duration.TotalMilliseconds);
                    break;
                case TransactionEndEventData t when e.Key == RelationalEventId.TransactionStarted.Name:
                    recorder.Add("EF BEGIN transaction", t.Duration.TotalMilliseconds);
                    break;
                case TransactionEndEventData t when e.Key == RelationalEventId.TransactionCommitted.Name:
                    recorder.Add("EF COMMIT", t.Duration.TotalMilliseconds);
                    break;
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        private static bool IsWrite(string sql)
        {
            var s = sql.TrimStart();
            return s.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || s.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
                || s.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase);
        }
    }
}
