using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Pcpe.Gateway.Tests.OperatorConsole;

/// <summary>
/// A gateway process with its console signed in through the test OpenID Connect provider, on a store of its own,
/// relaying to two partners: an e-parcours platform that refuses every bundle (422, dead letters) until it is
/// told to recover, and a DUI that answers 503 (deliveries waiting for their next attempt).
/// </summary>
public sealed class ConsoleGateway : IAsyncDisposable
{
    public const string Platform = "eparcours";
    public const string Dui = "duisud";

    private readonly string _folder;
    private readonly string? _postgresDatabase;

    private readonly StoreProvider _provider;
    private readonly string _connectionString;

    private ConsoleGateway(StoreProvider provider, string connectionString, string folder, string? postgresDatabase, WireMockServer platform, WireMockServer dui, GatewayProcess process)
    {
        _provider = provider;
        _connectionString = connectionString;
        _folder = folder;
        _postgresDatabase = postgresDatabase;
        PlatformServer = platform;
        DuiServer = dui;
        Process = process;
        Http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public GatewayProcess Process { get; }

    public WireMockServer PlatformServer { get; }

    public WireMockServer DuiServer { get; }

    /// <summary>The JSON API, as the demonstration caller (an operator).</summary>
    public HttpClient Http { get; }

    /// <summary>The console's address as a browser on this machine reaches it.</summary>
    public string ConsoleUrl(string path = "/console") => $"http://localhost:{Process.Port}{path}";

    /// <summary>The applicative mailbox of this gateway, when it reads one (its own: other tests read theirs).</summary>
    public const string Mailbox = "gateway-console@pcpe.test";

    /// <param name="provider">The store.</param>
    /// <param name="sessionMinutes">Gateway:Console:SessionMinutes.</param>
    /// <param name="readsMailbox">Whether it reads <see cref="Mailbox"/> on the test Dovecot (and answers through
    /// the test Postfix), with coord.alice as its only known coordinator.</param>
    public static async Task<ConsoleGateway> StartAsync(StoreProvider provider, int sessionMinutes = 60, bool readsMailbox = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pcpe-console-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string? database = null;
        var connectionString = $"Data Source={Path.Combine(folder, "gateway.db")}";
        if (provider == StoreProvider.Postgres)
        {
            database = $"pcpe_console_{Guid.NewGuid():N}";
            await using var admin = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await admin.ExecuteAsync($"CREATE DATABASE {database}");
            connectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = database }.ConnectionString;
        }

        var platform = WireMockServer.Start();
        Refuse(platform);
        var dui = WireMockServer.Start();
        dui.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        var settings = new Dictionary<string, string?>(GatewayTestHost.CommonSettings(provider, connectionString))
        {
            // Failing sends wait minutes for their next attempt: what is waiting stays so while the test looks.
            ["Gateway:Delivery:BaseRetryDelaySeconds"] = "600",
            ["Gateway:Delivery:MaxRetryDelaySeconds"] = "3600",
            ["Gateway:Delivery:HttpTimeoutSeconds"] = "10",
            ["Gateway:Recipients:eparcours:Channel"] = "FhirRest",
            ["Gateway:Recipients:eparcours:Endpoint"] = platform.Url + "/fhir",
            ["Gateway:Recipients:eparcours:Category"] = "CoordinationPlatform",
            ["Gateway:Recipients:eparcours:DisplayName"] = "Plateforme e-parcours Occitanie",
            ["Gateway:Recipients:eparcours:CareTeamOf:0"] = GatewayTestHost.Structure,
            ["Gateway:Recipients:duisud:Channel"] = "FhirRest",
            ["Gateway:Recipients:duisud:Endpoint"] = dui.Url + "/fhir",
            ["Gateway:Recipients:duisud:Category"] = "EssmsInformationSystem",
            ["Gateway:Recipients:duisud:DisplayName"] = "DUI de l'IME du Sud",
            ["Gateway:Recipients:duisud:CareTeamOf:0"] = GatewayTestHost.Structure,
            ["Gateway:Routes:0:Name"] = "plans",
            ["Gateway:Routes:0:DocumentKinds:0"] = "plan",
            ["Gateway:Routes:0:Recipients:0"] = Platform,
            ["Gateway:Routes:0:Recipients:1"] = Dui,
            ["Gateway:Routes:1:Name"] = "assessments",
            ["Gateway:Routes:1:DocumentKinds:0"] = "assessment",
            ["Gateway:Routes:1:Recipients:0"] = Dui,
            ["Gateway:Console:Authority"] = TestEnvironment.OidcAuthority.ToString(),
            ["Gateway:Console:ClientId"] = "pcpe-console",
            ["Gateway:Console:ClientSecret"] = TestEnvironment.OidcClientSecret,
            ["Gateway:Console:Scopes:0"] = "profile",
            ["Gateway:Console:Scopes:1"] = "roles",
            ["Gateway:Console:SessionMinutes"] = sessionMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Serilog:MinimumLevel:Default"] = "Information",
        };
        if (readsMailbox)
        {
            var port = (int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (key, value) in new Dictionary<string, string?>
            {
                ["Gateway:Mss:ReceiverStructure"] = GatewayTestHost.Structure,
                ["Gateway:Mss:Receiver:MailboxAddress"] = Mailbox,
                ["Gateway:Mss:Receiver:KnownSenders:0"] = "coord.alice@pcpe.test",
                ["Gateway:Mss:Receiver:Imap:Host"] = TestEnvironment.ImapHost,
                ["Gateway:Mss:Receiver:Imap:Port"] = port(TestEnvironment.ImapPort),
                ["Gateway:Mss:Receiver:Imap:CaBundlePath"] = TestEnvironment.CaBundle,
                ["Gateway:Mss:Receiver:Imap:CheckRevocation"] = "false",
                ["Gateway:Mss:Receiver:Imap:ClientCertificatePath"] = TestEnvironment.Pfx("gateway-console"),
                ["Gateway:Mss:Receiver:Imap:ClientCertificatePassword"] = TestEnvironment.PfxPassword,
                ["Gateway:Mss:Receiver:PollSeconds"] = "1",
                ["Gateway:Mss:Sender:FromAddress"] = Mailbox,
                ["Gateway:Mss:Sender:ProductReference"] = "PCPE-GATEWAY-TEST",
                ["Gateway:Mss:Sender:Smtp:Host"] = TestEnvironment.SmtpHost,
                ["Gateway:Mss:Sender:Smtp:Port"] = port(TestEnvironment.SmtpPort),
                ["Gateway:Mss:Sender:Smtp:CaBundlePath"] = TestEnvironment.CaBundle,
                ["Gateway:Mss:Sender:Smtp:CheckRevocation"] = "false",
                ["Gateway:Mss:Sender:Smtp:ClientCertificatePath"] = TestEnvironment.Pfx("gateway-console"),
                ["Gateway:Mss:Sender:Smtp:ClientCertificatePassword"] = TestEnvironment.PfxPassword,
            })
            {
                settings[key] = value;
            }
        }

        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        var process = new GatewayProcess(GatewayProcess.FreePort(), environment, Path.Combine(folder, "gateway.log"));
        await process.StartAsync();
        return new ConsoleGateway(provider, connectionString, folder, database, platform, dui, process);
    }

    /// <summary>The gateway's log so far (what operators' actions left there).</summary>
    public string Log()
    {
        using var reader = new StreamReader(new FileStream(
            Path.Combine(_folder, "gateway.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    /// <summary>Someone with access to the database rewrites the legal basis of the first audit event (after
    /// removing the trigger that forbids it), as an attacker covering a disclosure would.</summary>
    public async Task TamperWithTheFirstAuditEventAsync()
    {
        await using System.Data.Common.DbConnection connection = _provider == StoreProvider.Sqlite
            ? new SqliteConnection(_connectionString)
            : new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(_provider == StoreProvider.Sqlite
            ? "DROP TRIGGER audit_events_no_update"
            : "DROP TRIGGER audit_events_append_only ON audit_events");
        await connection.ExecuteAsync(
            "UPDATE audit_events SET legal_basis = 'consent:forged' WHERE seq = (SELECT MIN(seq) FROM audit_events)");
    }

    /// <summary>The platform accepts what it refused.</summary>
    public void PlatformRecovers()
    {
        PlatformServer.ResetMappings();
        PlatformServer.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create()
            .WithStatusCode(200)
            .WithHeader("Content-Type", "application/fhir+json")
            .WithBody("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}"));
    }

    /// <summary>A plan of the person numbered <paramref name="person"/>, pushed by the DUI.</summary>
    public Task PushPlanAsync(int person) => PushAsync("/api/v1/plans", "plan-minimal.json", person, $"PPA-CONSOLE-{person:D3}");

    /// <summary>An assessment of the person numbered <paramref name="person"/> (it goes to the DUI only).</summary>
    public Task PushAssessmentAsync(int person)
        => PushAsync("/api/v1/assessments", "assessment.json", person, $"EVAL-CONSOLE-{person:D3}");

    /// <summary>A well-formed test INS (born abroad) for the person numbered <paramref name="person"/>.</summary>
    public static string Ins(int person)
    {
        var number = 2_95_10_99_000_000L + 7000 + person;
        return FormattableString.Invariant($"{number}{97 - (number % 97):D2}");
    }

    /// <summary>How many deliveries the operator API lists in a status, for a recipient (a test holds fewer
    /// than a page).</summary>
    public async Task<int> CountAsync(string status, string recipient)
        => (await Http.GetFromJsonAsync<JsonArray>($"/api/v1/deliveries?status={status}&recipient={recipient}&limit=1000"))!.Count;

    /// <summary>Waits until the recipient has <paramref name="expected"/> deliveries in the status.</summary>
    public async Task WaitForAsync(string status, string recipient, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var seen = -1;
        while (DateTime.UtcNow < deadline)
        {
            seen = await CountAsync(status, recipient);
            if (seen == expected)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{recipient} has {seen} deliveries {status}, not {expected}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Process.Dispose();
        PlatformServer.Stop();
        DuiServer.Stop();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_postgresDatabase is not null)
        {
            await using var admin = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)");
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static void Refuse(WireMockServer platform)
        => platform.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create()
            .WithStatusCode(422)
            .WithHeader("Content-Type", "application/fhir+json")
            .WithBody("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"processing\"}]}"));

    private async Task PushAsync(string path, string sample, int person, string documentId)
    {
        var document = JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample(sample)))!;
        document["documentId"] = documentId;
        document["person"]!["ins"]!["number"] = Ins(person);
        document["person"]!["localId"] = $"U-CONSOLE-{person:D3}";
        using var response = await Http.PostAsync(path, new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
