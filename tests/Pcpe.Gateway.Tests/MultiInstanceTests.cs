using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Hl7.Fhir.Model;
using Npgsql;
using Pcpe.Fhir;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Tests;

/// <summary>Two gateway instances on one PostgreSQL share the deliveries (row leasing) and send none twice.</summary>
public class MultiInstanceTests
{
    [Fact]
    public async Task Two_instances_share_the_queue_and_each_plan_reaches_the_platform_once()
    {
        const int plans = 120;
        await using var first = await GatewayTestHost.StartAsync(StoreProvider.Postgres, new() { ["Gateway:Routes:0:Recipients:1"] = null });
        await using var second = GatewayTestHost.StartSecondInstance(first);

        var template = JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")))!;
        await Parallel.ForEachAsync(Enumerable.Range(0, plans), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var plan = template.DeepClone();
            plan["documentId"] = $"PPA-LOAD-{i:D4}";
            using var response = await (i % 2 == 0 ? first : second).Client.PostAsync("/api/v1/plans", new StringContent(plan.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        });

        await using var connection = new NpgsqlConnection(first.ConnectionString);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status = 'Delivered'") < plans && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(plans, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status = 'Delivered'"));
        // Counted at the receiver, by the plan's business identifier: every plan once, none twice.
        var sent = first.EParcours.LogEntries
            .Select(e => FhirJson.Deserialize<Bundle>(e.RequestMessage.Body!).Entry.Select(x => x.Resource).OfType<CarePlan>().Single().Identifier[0].Value)
            .ToList();
        Assert.Equal(plans, sent.Count);
        Assert.Equal(plans, sent.Distinct().Count());
        // And both instances did part of the work.
        var workers = (await connection.QueryAsync<string>("SELECT DISTINCT split_part(worker, '/', 3) FROM delivery_attempts")).ToList();
        Assert.Equal(2, workers.Count);
    }
}
