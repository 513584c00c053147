using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace Pcpe.Gateway.Observability;

/// <summary>
/// Takes the person out of the request paths and query strings log events carry. ASP.NET Core puts the
/// path of the request being served on every event logged while serving it (its request scope's
/// <c>RequestPath</c>), and its request logs, when turned on, add <c>Path</c> and <c>QueryString</c>. The
/// person endpoints name the person in the path (<c>/api/v1/persons/{ins}/…</c>,
/// <c>/api/v1/persons/local/{finess}/{localId}/…</c>), and any client can put an INS in any path or query.
/// A structured sink (the JSON console under CI, Seq, Elasticsearch) writes every property: these are
/// rewritten before any sink sees the event.
/// </summary>
public sealed partial class RequestPathRedaction : ILogEventEnricher
{
    private const string PersonsPrefix = "/api/v1/persons/";
    private static readonly string[] PathProperties = ["RequestPath", "Path"];

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var name in PathProperties)
        {
            Rewrite(logEvent, name, Redact);
        }

        Rewrite(logEvent, "QueryString", RedactQuery);
    }

    private static void Rewrite(LogEvent logEvent, string name, Func<string, string> redact)
    {
        if (logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: string text } && redact(text) is var redacted && !ReferenceEquals(redacted, text))
        {
            logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(redacted)));
        }
    }

    /// <summary>The path with the person's segments, and anything shaped like an INS, replaced (the same string when there is none).</summary>
    public static string Redact(string path)
    {
        var start = path.IndexOf(PersonsPrefix, StringComparison.OrdinalIgnoreCase);
        if (start >= 0)
        {
            var segments = path[(start + PersonsPrefix.Length)..].Split('/');
            var local = segments[0].Equals("local", StringComparison.OrdinalIgnoreCase);
            var named = local ? 3 : 1;
            var tail = segments.Length > named ? "/" + string.Join('/', segments[named..]) : string.Empty;
            path = path[..(start + PersonsPrefix.Length)] + (local ? "local/{finess}/{localId}" : "{ins}") + tail;
        }

        return InsShaped().IsMatch(path) ? InsShaped().Replace(path, "{ins}") : path;
    }

    /// <summary>
    /// A query string with every value replaced that is not plainly a word, a small number or a date: the
    /// operators' filters (<c>status=DeadLettered</c>, <c>limit=100</c>, <c>since=2026-11-22T08:00:00Z</c>)
    /// stay readable, whatever else a client sent does not reach the log.
    /// </summary>
    public static string RedactQuery(string query)
    {
        if (query.Length <= 1)
        {
            return query;
        }

        var pairs = query.TrimStart('?').Split('&');
        var changed = false;
        for (var i = 0; i < pairs.Length; i++)
        {
            var equals = pairs[i].IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pairs[i] : pairs[i][..equals];
            var value = equals < 0 ? null : pairs[i][(equals + 1)..];
            if (!PlainName().IsMatch(name))
            {
                pairs[i] = "{redacted}";
                changed = true;
            }
            else if (value is not null && !PlainValue().IsMatch(Uri.UnescapeDataString(value)))
            {
                pairs[i] = name + "={redacted}";
                changed = true;
            }
        }

        return changed ? "?" + string.Join('&', pairs) : query;
    }

    // 13 characters, or 15 with the key, digits but 2A/2B for Corsica at 6-7; not inside a longer token.
    [GeneratedRegex("(?<![0-9A-Za-z])[0-9]{5}(?:[0-9]{2}|2[AaBb])[0-9]{6}(?:[0-9]{2})?(?![0-9A-Za-z])")]
    private static partial Regex InsShaped();

    [GeneratedRegex("^[A-Za-z_$.-]{1,40}$")]
    private static partial Regex PlainName();

    [GeneratedRegex(@"^(?:[A-Za-z_-]{1,40}|[0-9]{1,4}|[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9:.]+(?:Z|[+-][0-9:]+)?)?)$")]
    private static partial Regex PlainValue();
}
