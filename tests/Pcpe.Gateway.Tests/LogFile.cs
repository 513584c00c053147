using System.Text.Json;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// The gateway's log as an operator's collector receives it: Serilog's compact JSON (every property of
/// every event) in a file, with the shipped levels, the gateway's own debug messages and ASP.NET Core's
/// request logs on.
/// </summary>
public sealed class LogFile : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"pcpe-log-{Guid.NewGuid():N}.json");

    /// <summary>The settings that write the log there, to add to a test host's.</summary>
    public Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(more ?? [])
        {
            ["Serilog:Using:0"] = "Serilog.Sinks.File",
            ["Serilog:MinimumLevel:Override:Pcpe"] = "Debug",
            // An operator who turns ASP.NET Core's request logs on: they name every path.
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Information",
            ["Serilog:WriteTo:0:Name"] = "File",
            ["Serilog:WriteTo:0:Args:path"] = _path,
            ["Serilog:WriteTo:0:Args:formatter"] = "Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact",
        };
        return settings;
    }

    /// <summary>Each line as written, with its message template.</summary>
    public List<(string Line, string Template)> Lines()
    {
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<(string, string)>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add((line, JsonDocument.Parse(line).RootElement.GetProperty("@mt").GetString()!));
        }

        Assert.True(lines.Count > 0, "no log line was written");
        return lines;
    }

    /// <summary>Fails on the first line that carries any of these (case-insensitive).</summary>
    public static void AssertNoneCarries(IEnumerable<(string Line, string Template)> lines, IReadOnlyList<string> personalData)
    {
        foreach (var (line, _) in lines)
        {
            foreach (var data in personalData)
            {
                Assert.False(line.Contains(data, StringComparison.OrdinalIgnoreCase), $"a log line carries the person's data: {line}");
            }
        }
    }

    public void Dispose() => File.Delete(_path);
}
