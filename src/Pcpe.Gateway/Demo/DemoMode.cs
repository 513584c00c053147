using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Pcpe.Fhir;
using Pcpe.Mss.Sending;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Demo;

/// <summary>
/// <c>dotnet run --project src/Pcpe.Gateway -- --demo</c>: the gateway on an embedded SQLite file with two
/// loopback stand-ins — an e-parcours FHIR endpoint served by this process and an MSSanté pickup folder —
/// pushes the sample plan through its own API and prints where it went. Development environment only.
/// </summary>
public sealed class DemoMode
{
    private const string StandInPath = "/demo/e-parcours/fhir";
    private readonly bool _exitAfterDemo;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"pcpe-demo-{Environment.ProcessId}");
    private readonly List<Bundle> _received = [];

    private DemoMode(bool exitAfterDemo) => _exitAfterDemo = exitAfterDemo;

    private static readonly string[] Switches = ["--demo", "--exit-after-demo"];

    public static DemoMode? Requested(string[] args)
        => args.Contains("--demo") ? new DemoMode(args.Contains("--exit-after-demo")) : null;

    /// <summary>The arguments for the host's configuration, without the demo's switches: the command-line
    /// provider reads <c>--demo --urls X</c> as demo = "--urls" and would drop the port asked for.</summary>
    public static string[] HostArguments(string[] args) => [.. args.Where(a => !Switches.Contains(a))];

    public void Configure(WebApplicationBuilder builder)
    {
        var url = builder.Configuration["urls"] ?? "http://127.0.0.1:5080";
        builder.WebHost.UseUrls(url);
        var standIn = new Uri(new Uri(url.Split(';')[0]), StandInPath).ToString();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Store:ConnectionString"] = $"Data Source={Path.Combine(_folder, "pcpe-gateway.db")}",
            ["Gateway:Api:AllowAnonymous"] = "true",
            ["Gateway:AcceptTestIdentities"] = "true",
            ["Gateway:Mss:PickupDirectory"] = Path.Combine(_folder, "mssante-outbox"),
            ["Gateway:Mss:Sender:FromAddress"] = "passerelle@pcpe-demo.mssante.fr",
            ["Gateway:Mss:Sender:ProductReference"] = "PCPE-GATEWAY-DEMO",
            ["Gateway:Recipients:eparcours-demo:Channel"] = "FhirRest",
            ["Gateway:Recipients:eparcours-demo:Endpoint"] = standIn,
            ["Gateway:Recipients:eparcours-demo:Category"] = "CoordinationPlatform",
            ["Gateway:Recipients:eparcours-demo:CareTeamOf:0"] = "340000017",
            ["Gateway:Recipients:chu-admissions:Channel"] = "MsSante",
            ["Gateway:Recipients:chu-admissions:Address"] = "admissions@hopital.test",
            ["Gateway:Recipients:chu-admissions:Category"] = "HealthEstablishment",
            ["Gateway:Recipients:chu-admissions:CareTeamOf:0"] = "340000017",
            ["Gateway:Recipients:dui-partenaire:Channel"] = "FhirRest",
            ["Gateway:Recipients:dui-partenaire:Endpoint"] = standIn,
            ["Gateway:Recipients:dui-partenaire:Category"] = "EssmsInformationSystem",
            ["Gateway:Recipients:dui-partenaire:Finess"] = "750803447",
            ["Gateway:Routes:0:Name"] = "demo",
            ["Gateway:Routes:0:Recipients:0"] = "eparcours-demo",
            ["Gateway:Routes:0:Recipients:1"] = "chu-admissions",
            ["Gateway:Routes:0:Recipients:2"] = "dui-partenaire",
            ["Gateway:Delivery:IdlePollMilliseconds"] = "200",
        });
    }

    public void Map(WebApplication app)
    {
        app.MapPost(StandInPath, async (HttpRequest request, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body);
            var bundle = FhirJson.Deserialize<Bundle>(await reader.ReadToEndAsync(ct));
            lock (_received)
            {
                _received.Add(bundle);
            }

            var response = new Bundle
            {
                Type = Bundle.BundleType.TransactionResponse,
                Entry = bundle.Entry.Select(_ => new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = "200 OK" } }).ToList(),
            };
            return Results.Bytes(FhirJson.SerializeToUtf8(response), "application/fhir+json");
        });
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => RunScenarioAsync(app)));
    }

    private async Task RunScenarioAsync(WebApplication app)
    {
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var sample = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "plan-minimal.json"));
            Console.WriteLine();
            Console.WriteLine($"== Pcpe.Gateway demo: data in {_folder}");
            Console.WriteLine($"-> POST {address}/api/v1/plans (samples/plan-minimal.json)");
            using var content = new ByteArrayContent(sample);
            content.Headers.ContentType = new("application/json");
            using var posted = await http.PostAsync("/api/v1/plans", content);
            Console.WriteLine($"<- {(int)posted.StatusCode} {posted.StatusCode}, Location: {posted.Headers.Location}");
            var location = posted.Headers.Location!.ToString();

            JsonElement submission = default;
            for (var i = 0; i < 100; i++)
            {
                submission = await http.GetFromJsonAsync<JsonElement>(location);
                if (submission.GetProperty("deliveries").EnumerateArray().All(d => d.GetProperty("status").GetString() is "Delivered" or "DeadLettered" or "Blocked"))
                {
                    break;
                }

                await Task.Delay(100);
            }

            Console.WriteLine($"-> GET {location}");
            foreach (var delivery in submission.GetProperty("deliveries").EnumerateArray())
            {
                var status = delivery.GetProperty("status").GetString();
                var why = delivery.GetProperty("legalBasis").GetString() ?? delivery.GetProperty("decisionReason").GetString();
                Console.WriteLine($"   {delivery.GetProperty("recipientId").GetString(),-16} {delivery.GetProperty("channel").GetString(),-9} {status,-10} {why}");
            }

            lock (_received)
            {
                foreach (var bundle in _received)
                {
                    var types = bundle.Entry.GroupBy(e => e.Resource!.TypeName).Select(g => $"{g.Count()} {g.Key}");
                    Console.WriteLine($"   e-parcours stand-in received a {bundle.Type} Bundle: {string.Join(", ", types)}");
                    Console.WriteLine($"     e.g. {bundle.Entry.First(e => e.Resource is CarePlan).Request!.Method} {bundle.Entry.First(e => e.Resource is CarePlan).Request!.Url}");
                }
            }

            foreach (var eml in Directory.EnumerateFiles(Path.Combine(_folder, "mssante-outbox"), "*.eml"))
            {
                var message = await PickupDirectory.ReadAsync(eml, CancellationToken.None);
                Console.WriteLine($"   MSSanté message (not sent: demo pickup folder) {eml}");
                Console.WriteLine($"     From {message.From}  To {message.To}  X-MSS-NIL: {message.ProductReference}  Subject: {message.Subject}");
                if (message.CdaCode is { } cda)
                {
                    Console.WriteLine($"     X-MSS-CODECDA: {cda} (a CDA R2 N1 in IHE_XDM.ZIP, its PDF embedded and attached)");
                }
                foreach (var (fileName, entries) in message.Attachments)
                {
                    Console.WriteLine($"     {fileName}: {string.Join(", ", entries)}");
                }
            }

            Console.WriteLine(_exitAfterDemo ? "== demo done" : "== demo done; the gateway keeps running (Ctrl+C to stop). Try: curl -s " + address + "/health/ready");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            Console.Error.WriteLine($"demo failed: {ex.GetType().Name}: {ex.Message}");
            Environment.ExitCode = 1;
        }
        finally
        {
            if (_exitAfterDemo)
            {
                await app.StopAsync();
            }
        }
    }
}
