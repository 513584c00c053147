using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Pcpe.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Pcpe.Benchmarks.MappingBenchmarks).Assembly).Run(args);
