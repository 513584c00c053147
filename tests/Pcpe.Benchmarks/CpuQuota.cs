namespace Pcpe.Benchmarks;

/// <summary>
/// A CPU quota for one process, as a Linux control group (root only): so that one gateway instance and two can be
/// compared on a small machine, each instance gets the same share of a core, and PostgreSQL and the load tool keep
/// the rest. cgroup v2 (<c>cpu.max</c>) or v1 (<c>cpu.cfs_quota_us</c>), whichever the machine mounts.
/// </summary>
/// <remarks>Hand-written: no .NET library manages control groups; it is two files to write.</remarks>
internal sealed class CpuQuota : IDisposable
{
    private const int PeriodMicroseconds = 100_000;
    private readonly string _directory;

    private CpuQuota(string directory, double cores)
    {
        _directory = directory;
        Cores = cores;
    }

    /// <summary>The share of one core the group may use (0.35: 35 ms of every 100 ms).</summary>
    public double Cores { get; }

    /// <summary>The file a process's id is written to, to put the process (and the threads it starts) in the group.</summary>
    public string ProcsFile => Path.Combine(_directory, "cgroup.procs");

    /// <summary>The quota of each gateway instance in scale runs, from PCPE_BENCH_INSTANCE_CPU (a share of one core); null when unset.</summary>
    public static double? PerInstance()
        => Environment.GetEnvironmentVariable("PCPE_BENCH_INSTANCE_CPU") is { Length: > 0 } value
            ? double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    public static CpuQuota Create(string name, double cores)
    {
        var quota = ((long)(cores * PeriodMicroseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (File.Exists("/sys/fs/cgroup/cgroup.controllers"))
        {
            var directory = Directory.CreateDirectory(Path.Combine("/sys/fs/cgroup", name)).FullName;
            File.WriteAllText(Path.Combine(directory, "cpu.max"), $"{quota} {PeriodMicroseconds}");
            return new CpuQuota(directory, cores);
        }

        var v1 = Directory.CreateDirectory(Path.Combine("/sys/fs/cgroup/cpu", name)).FullName;
        File.WriteAllText(Path.Combine(v1, "cpu.cfs_period_us"), PeriodMicroseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(v1, "cpu.cfs_quota_us"), quota);
        return new CpuQuota(v1, cores);
    }

    // The group is removed once its processes have exited.
    public void Dispose()
    {
        for (var attempt = 0; attempt < 50 && Directory.Exists(_directory); attempt++)
        {
            try
            {
                Directory.Delete(_directory);
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
