using System.Globalization;

namespace Pcpe.Benchmarks;

/// <summary>
/// CPU time spent over a measured window, read from /proc (Linux): by the whole machine (the gateway,
/// PostgreSQL, the load tool: everything that shares the cores) and by one process. Divided by what the
/// window got done it says what a plan costs, which varies far less between runs than a rate does.
/// </summary>
internal sealed class CpuMeter
{
    private readonly int? _processId;
    private readonly double _machineStart;
    private readonly double _processStart;
    private readonly double _loadToolStart;
    private readonly double _databaseStart;

    private CpuMeter(int? processId)
    {
        _processId = processId;
        _machineStart = MachineBusySeconds();
        _processStart = ProcessSeconds(processId);
        _loadToolStart = ProcessSeconds(null);
        _databaseStart = DatabaseSeconds();
    }

    /// <summary>Starts a window; <paramref name="processId"/> is the process to account apart (none: this one).</summary>
    public static CpuMeter Start(int? processId = null) => new(processId);

    /// <summary>CPU milliseconds per unit of work since the start: the machine's, and the process's.</summary>
    public (double Machine, double Process) MillisecondsPer(long units)
    {
        var (machine, process, _, _) = BreakdownPer(units);
        return (machine, process);
    }

    /// <summary>As <see cref="MillisecondsPer"/>, with this process's share too (the load tool: its HTTP client and the stub platform),
    /// and PostgreSQL's (its server processes; nothing on SQLite, which runs inside the gateway).</summary>
    public (double Machine, double Process, double LoadTool, double Database) BreakdownPer(long units)
        => units == 0
            ? (0, 0, 0, 0)
            : (1000 * (MachineBusySeconds() - _machineStart) / units, 1000 * (ProcessSeconds(_processId) - _processStart) / units, 1000 * (ProcessSeconds(null) - _loadToolStart) / units, 1000 * (DatabaseSeconds() - _databaseStart) / units);

    private static double MachineBusySeconds()
    {
        // cpu  user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields.Sum() - fields[3] - fields[4]) / (double)ClockTicks;
    }

    private static double ProcessSeconds(int? processId)
    {
        if (processId is null)
        {
            return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        }

        return CpuTicks(File.ReadAllText($"/proc/{processId}/stat")) / (double)ClockTicks;
    }

    // The fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    private static long CpuTicks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    // Every PostgreSQL process on the machine: the test environment's server is the only one the load runs use.
    // Its backends are pooled connections that live through a window; one that exits inside it is not counted.
    private static double DatabaseSeconds()
    {
        long ticks = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out _))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                if (stat[(open + 1)..close] != "postgres")
                {
                    continue;
                }

                ticks += CpuTicks(stat);
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return ticks / (double)ClockTicks;
    }

    // USER_HZ: 100 on every Linux the gateway targets.
    private const int ClockTicks = 100;
}
