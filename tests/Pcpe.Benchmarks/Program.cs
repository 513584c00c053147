using BenchmarkDotNet.Running;

// BenchmarkDotNet: dotnet run -c Release --project tests/Pcpe.Benchmarks -- --filter '*'
// Mail throughput against the test Postfix: scripts/bench-mss
if (args is ["mss-throughput", var count])
{
    return await Pcpe.Benchmarks.MssThroughput.RunAsync(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
}

BenchmarkSwitcher.FromAssembly(typeof(Pcpe.Benchmarks.MappingBenchmarks).Assembly).Run(args);
return 0;
