using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Tests.NationalDirectory;

/// <summary>
/// Recipients known by FINESS or RPPS are written to at their mailbox in the national directory (a stand-in of the
/// Annuaire Santé API), through the real Postfix/Dovecot; a transition plan's destination address must be one the
/// directory lists for that destination; while the directory is down the gateway works from its cache and says so.
/// </summary>
public sealed class NationalDirectoryTests : IDisposable
{
    private const string Hospital = "340780220";
    private const string PractitionersOnly = "750803447";
    private const string Unknown = "130783236";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly StandInDirectory _directory = new();

    public NationalDirectoryTests()
    {
        // Two ORG mailboxes, the second preferred, and a professional's mailbox there.
        _directory.Organization(Hospital, "CH DE TEST", ("standard@hopital.test", "ORG", 2), (TestEnvironment.HospitalMailbox, "ORG", 1), ("dr.martin@hopital.test", "PER", null));
        // A structure the directory lists with a professional's mailbox only: the wrong type for a structure.
        _directory.Organization(PractitionersOnly, "CABINET DE TEST", ("dr.durand@hopital.test", "PER", 1));
    }

    public void Dispose() => _directory.Dispose();

    private Dictionary<string, string?> Settings(Dictionary<string, string?> more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Directory:BaseUrl"] = _directory.BaseUrl,
            ["Gateway:Directory:ApiKey"] = StandInDirectory.ApiKey,
            ["Gateway:Directory:TimeoutSeconds"] = "3",
            ["Gateway:Routes:0:Recipients:1"] = null,
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static Dictionary<string, string?> Hospitals(params (string Id, string Finess)[] recipients)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < recipients.Length; i++)
        {
            var (id, finess) = recipients[i];
            settings[$"Gateway:Recipients:{id}:Channel"] = "MsSante";
            settings[$"Gateway:Recipients:{id}:Finess"] = finess;
            settings[$"Gateway:Recipients:{id}:Category"] = "HealthEstablishment";
            settings[$"Gateway:Recipients:{id}:CareTeamOf:0"] = GatewayTestHost.Structure;
            settings[$"Gateway:Routes:0:Recipients:{i}"] = id;
        }

        return settings;
    }

    private static async Task<Dictionary<string, JsonElement>> PushAsync(GatewayTestHost host, string path, JsonNode document)
    {
        using var pushed = await host.Client.PostAsync(path, new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, pushed.StatusCode);
        var settled = await host.WaitUntilSettledAsync(pushed.Headers.Location!, Wait);
        return settled.GetProperty("deliveries").EnumerateArray().ToDictionary(d => d.GetProperty("recipientId").GetString()!);
    }

    private static JsonNode Sample(string file, string documentId)
    {
        var document = JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample(file)))!;
        document["documentId"] = documentId;
        return document;
    }

    [Fact]
    public async Task A_structure_known_by_FINESS_gets_its_preferred_mailbox_and_an_unknown_one_or_one_without_a_structure_mailbox_is_a_dead_letter_that_says_why()
    {
        var settings = Settings(Hospitals(("chu", Hospital), ("cabinet", PractitionersOnly), ("inconnu", Unknown)));
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, settings);

        var deliveries = await PushAsync(host, "/api/v1/plans", Sample("plan-minimal.json", "PPA-ANNUAIRE-1"));

        Assert.Equal("Delivered", deliveries["chu"].GetProperty("status").GetString());
        var mail = await TestMailbox.WaitForMessageAsync(TestEnvironment.HospitalMailbox, $"{deliveries["chu"].GetProperty("id").GetGuid():N}@pcpe.test", Wait);
        Assert.Equal(TestEnvironment.HospitalMailbox, mail.To.Mailboxes.Single().Address);
        Assert.Equal("DeadLettered", deliveries["cabinet"].GetProperty("status").GetString());
        Assert.Equal($"the national directory lists no ORG or APP MSSanté mailbox for FINESS {PractitionersOnly}", deliveries["cabinet"].GetProperty("lastError").GetString());
        Assert.Equal("DeadLettered", deliveries["inconnu"].GetProperty("status").GetString());
        Assert.Equal($"the national directory does not know FINESS {Unknown}", deliveries["inconnu"].GetProperty("lastError").GetString());
        // Every search carried the API key, and asked by the FINESS system of the v2 API.
        Assert.All(_directory.Requests, r => Assert.Equal(StandInDirectory.ApiKey, r.RequestMessage.Headers!["ESANTE-API-KEY"].Single()));
        Assert.Contains(_directory.Requests, r => r.RequestMessage.Query!["identifier"].Single() == $"https://finess.esante.gouv.fr|{Hospital}");
    }

    [Fact]
    public async Task A_transition_plan_goes_to_its_destination_only_at_an_address_the_directory_lists_for_it()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, Settings(new()
        {
            ["Gateway:Recipients:destination:Channel"] = "MsSante",
            ["Gateway:Recipients:destination:TransitionDestination"] = "true",
            ["Gateway:Recipients:destination:Category"] = "HealthEstablishment",
            ["Gateway:Routes:0:Recipients:0"] = "destination",
        }));

        var listed = await PushAsync(host, "/api/v1/transitions", Sample("transition.json", "TRANS-ANNUAIRE-1"));
        var elsewhere = Sample("transition.json", "TRANS-ANNUAIRE-2");
        elsewhere["to"]!["mssAddress"] = "outsider@pcpe.test";
        var notListed = await PushAsync(host, "/api/v1/transitions", elsewhere);

        Assert.Equal("Delivered", listed["destination"].GetProperty("status").GetString());
        var refused = notListed["destination"];
        Assert.Equal("Blocked", refused.GetProperty("status").GetString());
        Assert.Equal($"the transition plan's to.mssAddress is not a mailbox the national directory lists for the destination FINESS {Hospital}", refused.GetProperty("lastError").GetString());
        // The refusal is accounted for like any blocked disclosure.
        var report = await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/persons/253072B07300470/disclosures");
        Assert.Contains(report.GetProperty("blocked").EnumerateArray(), b => b.GetProperty("document").GetProperty("id").GetString() == "TRANS-ANNUAIRE-2");
    }

    [Theory]
    [InlineData("answers 503", "HTTP 503")]
    [InlineData("hangs", "TimeoutRejectedException")]
    public async Task While_the_directory_is_down_the_gateway_sends_from_its_cache_and_says_so_in_readiness(string outage, string error)
    {
        var settings = Settings(Hospitals(("chu", Hospital)));
        settings["Gateway:Directory:CacheMinutes"] = "0";
        settings["Gateway:Directory:TimeoutSeconds"] = "2";
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, settings);
        Assert.Equal("Delivered", (await PushAsync(host, "/api/v1/plans", Sample("plan-minimal.json", "PPA-ANNUAIRE-AVANT")))["chu"].GetProperty("status").GetString());

        if (outage == "hangs")
        {
            _directory.Hang();
        }
        else
        {
            _directory.GoDown();
        }

        var during = await PushAsync(host, "/api/v1/plans", Sample("plan-minimal.json", "PPA-ANNUAIRE-PANNE"));

        Assert.Equal("Delivered", during["chu"].GetProperty("status").GetString());
        await TestMailbox.WaitForMessageAsync(TestEnvironment.HospitalMailbox, $"{during["chu"].GetProperty("id").GetGuid():N}@pcpe.test", Wait);
        using var ready = await host.Client.GetAsync("/health/ready");
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        var check = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("national-directory");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Matches($"^national directory unreachable since .+ \\({error}\\): working from 1 cached answers$", check.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_structure_the_directory_never_answered_for_while_down_is_retried_and_its_last_error_names_the_outage()
    {
        _directory.GoDown();
        var settings = Settings(Hospitals(("chu", Hospital)));
        settings["Gateway:Delivery:MaxAttempts"] = "2";
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, settings);

        var deliveries = await PushAsync(host, "/api/v1/plans", Sample("plan-minimal.json", "PPA-ANNUAIRE-JAMAIS"));

        Assert.Equal("DeadLettered", deliveries["chu"].GetProperty("status").GetString());
        Assert.Equal(2, deliveries["chu"].GetProperty("attempts").GetInt32());
        Assert.Equal("retries exhausted; last: the national directory cannot be reached (HTTP 503) and holds no recent answer for this FINESS", deliveries["chu"].GetProperty("lastError").GetString());
    }
}
