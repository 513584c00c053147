using BenchmarkDotNet.Running;

// BenchmarkDotNet: dotnet run -c Release --project tests/Pcpe.Benchmarks -- --filter '*'
// Mail throughput against the test Postfix: scripts/bench-mss
// HTTP intake and delivery latency: scripts/bench-api
if (args is ["mss-throughput", var count])
{
    return await Pcpe.Benchmarks.MssThroughput.RunAsync(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["api-load", var provider, var seconds, var concurrency])
{
    return await Pcpe.Benchmarks.ApiLoad.RunAsync(provider, int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture), int.Parse(concurrency, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["api-hanging", var hangingProvider, var hangingSeconds, var hangingConcurrency])
{
    return await Pcpe.Benchmarks.HangingPartnerLoad.RunAsync(hangingProvider, int.Parse(hangingSeconds, System.Globalization.CultureInfo.InvariantCulture), int.Parse(hangingConcurrency, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["api-scale", var scaleSeconds, var scaleConcurrency])
{
    return await Pcpe.Benchmarks.ApiLoad.ScaleAsync(int.Parse(scaleSeconds, System.Globalization.CultureInfo.InvariantCulture), int.Parse(scaleConcurrency, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["api-floor", var floorSeconds, var floorConcurrency])
{
    return await Pcpe.Benchmarks.HttpFloor.RunAsync(int.Parse(floorSeconds, System.Globalization.CultureInfo.InvariantCulture), int.Parse(floorConcurrency, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["console-overview", var overviewProvider, var overviewCount])
{
    return await Pcpe.Benchmarks.ConsoleOverviewLoad.RunAsync(overviewProvider, int.Parse(overviewCount, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["api-rss", var rssCount])
{
    return await Pcpe.Benchmarks.ApiLoad.ResidentMemoryAsync(int.Parse(rssCount, System.Globalization.CultureInfo.InvariantCulture), 16);
}

BenchmarkSwitcher.FromAssembly(typeof(Pcpe.Benchmarks.MappingBenchmarks).Assembly).Run(args);
return 0;
