using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Api;

/// <summary>
/// <c>Pcpe.Gateway audit-verify</c>: recomputes the audit hash chain of the configured store and says
/// whether it is intact (exit 0) or where it breaks (exit 2). Reads the same configuration as the host
/// (appsettings, environment, <c>--Gateway:Store:…</c> arguments).
/// </summary>
public static class AuditVerifyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        using var protector = PayloadProtector.FromOptions(options.Store, builder.Environment.ContentRootPath);
        await using var store = GatewayStore.Create(options.Store, builder.Environment.ContentRootPath, protector);
        await store.MigrateAsync(CancellationToken.None);
        var result = await store.VerifyAuditAsync(CancellationToken.None);
        if (result.Intact)
        {
            Console.WriteLine($"audit chain intact: {result.Events} events");
            return 0;
        }

        Console.WriteLine($"audit chain BROKEN at event {result.FirstBrokenSequence} (of {result.Events} read): it was changed, removed or reordered");
        return 2;
    }
}
