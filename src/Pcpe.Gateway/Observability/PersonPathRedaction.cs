using Serilog.Core;
using Serilog.Events;

namespace Pcpe.Gateway.Observability;

/// <summary>
/// Takes the person out of the request paths log events carry. ASP.NET Core puts the path of the request
/// being served on every event logged while serving it (its request scope's <c>RequestPath</c>; its own
/// request logs' <c>Path</c>), and the person endpoints name the person there
/// (<c>/api/v1/persons/{ins}/…</c>, <c>/api/v1/persons/local/{finess}/{localId}/…</c>). A structured sink
/// (the JSON console under CI, Seq, Elasticsearch) writes every property: the person's segments are
/// replaced by their route parameters' names before any sink sees the event.
/// </summary>
public sealed class PersonPathRedaction : ILogEventEnricher
{
    private const string PersonsPrefix = "/api/v1/persons/";
    private static readonly string[] PathProperties = ["RequestPath", "Path"];

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var name in PathProperties)
        {
            if (logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: string path } && Redact(path) is var redacted && !ReferenceEquals(redacted, path))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(redacted)));
            }
        }
    }

    /// <summary>The path with the person's segments replaced (the same string when it names no person).</summary>
    public static string Redact(string path)
    {
        var start = path.IndexOf(PersonsPrefix, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return path;
        }

        var segments = path[(start + PersonsPrefix.Length)..].Split('/');
        var local = segments[0].Equals("local", StringComparison.OrdinalIgnoreCase);
        var named = local ? 3 : 1;
        var tail = segments.Length > named ? "/" + string.Join('/', segments[named..]) : string.Empty;
        return path[..(start + PersonsPrefix.Length)] + (local ? "local/{finess}/{localId}" : "{ins}") + tail;
    }
}
