using System.Net;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

public class HealthTests
{
    [Fact]
    public async Task Live_and_ready_answer_when_the_store_is_up()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        using var live = await host.Client.GetAsync("/health/live");
        using var ready = await host.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }
}
