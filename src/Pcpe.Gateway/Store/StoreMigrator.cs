namespace Pcpe.Gateway.Store;

/// <summary>Brings the schema up to date before anything else starts (hosted services start in order).</summary>
public sealed class StoreMigrator(GatewayStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
