using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// The gateway host with a real store (a fresh SQLite file or a fresh PostgreSQL database), a WireMock
/// e-parcours FHIR endpoint, and the test environment's Postfix for the hospital route.
/// </summary>
public sealed class GatewayTestHost : IAsyncDisposable
{
    public const string Structure = "340000017";
    private readonly WebApplicationFactory<Program> _factory;
    private readonly Func<Task> _dropStore;

    private GatewayTestHost(StoreProvider provider, string connectionString, Func<Task> dropStore, Dictionary<string, string?>? overrides, bool mutualTls = false, Action<IServiceCollection>? services = null)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _dropStore = dropStore;
        EParcours = WireMockServer.Start();
        EParcours.Given(Request.Create().WithPath("/fhir").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json")
                .WithBody("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}"));

        var settings = new Dictionary<string, string?>(CommonSettings(provider, connectionString))
        {
            ["Gateway:Delivery:HttpTimeoutSeconds"] = "30",
            ["Gateway:Mss:Sender:FromAddress"] = TestEnvironment.GatewayItMailbox,
            ["Gateway:Mss:Sender:ProductReference"] = "PCPE-GATEWAY-TEST",
            ["Gateway:Mss:Sender:Smtp:Host"] = TestEnvironment.SmtpHost,
            ["Gateway:Mss:Sender:Smtp:Port"] = TestEnvironment.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Mss:Sender:Smtp:CaBundlePath"] = TestEnvironment.CaBundle,
            ["Gateway:Mss:Sender:Smtp:CheckRevocation"] = "false",
            ["Gateway:Mss:Sender:Smtp:ClientCertificatePath"] = TestEnvironment.Pfx("gateway-it"),
            ["Gateway:Mss:Sender:Smtp:ClientCertificatePassword"] = TestEnvironment.PfxPassword,
            ["Gateway:Recipients:eparcours:Channel"] = "FhirRest",
            ["Gateway:Recipients:eparcours:Endpoint"] = EParcours.Url + "/fhir",
            ["Gateway:Recipients:eparcours:Category"] = "CoordinationPlatform",
            ["Gateway:Recipients:eparcours:CareTeamOf:0"] = Structure,
            ["Gateway:Recipients:hopital:Channel"] = "MsSante",
            ["Gateway:Recipients:hopital:Address"] = TestEnvironment.HospitalMailbox,
            ["Gateway:Recipients:hopital:Category"] = "HealthEstablishment",
            ["Gateway:Recipients:hopital:CareTeamOf:0"] = Structure,
            ["Gateway:Routes:0:Name"] = "pcpe-herault",
            ["Gateway:Routes:0:Structures:0"] = Structure,
            ["Gateway:Routes:0:Recipients:0"] = "eparcours",
            ["Gateway:Routes:0:Recipients:1"] = "hopital",
        };
        // An override of null removes the setting (e.g. a route's second recipient).
        foreach (var (key, value) in overrides ?? [])
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        if (mutualTls)
        {
            // Real Kestrel on loopback with the test CA's server certificate; DUI clients are identified
            // by their certificates (dui-alpha for our structure, dui-beta for another one).
            settings["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0";
            settings["Kestrel:Endpoints:Https:Certificate:Path"] = TestEnvironment.Pfx("server");
            settings["Kestrel:Endpoints:Https:Certificate:Password"] = TestEnvironment.PfxPassword;
            settings["Gateway:Api:AllowAnonymous"] = "false";
            settings["Gateway:Api:ClientCaBundlePath"] = TestEnvironment.CaBundle;
            settings["Gateway:Api:CheckClientRevocation"] = "false";
            settings["Gateway:Api:Clients:0:Id"] = "dui-alpha";
            settings["Gateway:Api:Clients:0:CertificateThumbprints:0"] = Thumbprint("dui-alpha");
            settings["Gateway:Api:Clients:0:Structures:0"] = Structure;
            settings["Gateway:Api:Clients:1:Id"] = "dui-beta";
            settings["Gateway:Api:Clients:1:CertificateThumbprints:0"] = Thumbprint("dui-beta");
            settings["Gateway:Api:Clients:1:Structures:0"] = "750803447";
            foreach (var (key, value) in overrides ?? [])
            {
                if (value is null)
                {
                    settings.Remove(key);
                }
                else
                {
                    settings[key] = value;
                }
            }
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
            if (services is not null)
            {
                web.ConfigureTestServices(services);
            }
        });
        try
        {
            if (mutualTls)
            {
                _factory.UseKestrel();
                _factory.StartServer();
                BaseAddress = new Uri(_factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                    .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());
                Client = ClientWithCertificate("dui-alpha");
            }
            else
            {
                // The in-process server speaks "https" to the API, as a deployment behind TLS would.
                Client = _factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
                BaseAddress = Client.BaseAddress!;
            }
        }
        catch
        {
            // The gateway refused to start (e.g. a configuration test): nothing is left running.
            ReleaseAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>What every test gateway has, in process or as a process: its store, anonymous callers and test
    /// identities allowed, quick polling and quick retries.</summary>
    public static Dictionary<string, string?> CommonSettings(StoreProvider provider, string connectionString) => new()
    {
        ["Gateway:Store:Provider"] = provider.ToString(),
        ["Gateway:Store:ConnectionString"] = connectionString,
        ["Gateway:Store:PayloadKey"] = TestEnvironment.PayloadKey,
        ["Gateway:Api:AllowAnonymous"] = "true",
        ["Gateway:AcceptTestIdentities"] = "true",
        ["Gateway:Delivery:IdlePollMilliseconds"] = "100",
        ["Gateway:Delivery:BaseRetryDelaySeconds"] = "0.05",
        ["Gateway:Delivery:MaxRetryDelaySeconds"] = "0.2",
    };

    /// <summary>Changes a setting of the running gateway, as an operator editing its configuration would.</summary>
    public void Reconfigure(string key, string value)
    {
        var configuration = (IConfigurationRoot)_factory.Services.GetRequiredService<IConfiguration>();
        configuration[key] = value;
        configuration.Reload();
    }

    /// <summary>An in-process client that talks plain HTTP (for what must be refused without TLS).</summary>
    public HttpClient PlainHttpClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost") });

    /// <summary>Where the gateway listens (the real HTTPS address with mutual TLS).</summary>
    public Uri BaseAddress { get; }

    /// <summary>An HTTPS client presenting a test certificate (dui-alpha, dui-beta, rogue) or none (null).</summary>
    public HttpClient ClientWithCertificate(string? certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = new Pcpe.Mss.Transport.CaBundleTrust(TestEnvironment.CaBundle, checkRevocation: false).Validate;
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(TestEnvironment.Pfx(certificate), TestEnvironment.PfxPassword)];
        }

        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    private static string Thumbprint(string certificate)
    {
        using var loaded = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(TestEnvironment.Pfx(certificate), TestEnvironment.PfxPassword);
        return Convert.ToHexString(loaded.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256));
    }

    public StoreProvider Provider { get; }

    /// <summary>The gateway's services (e.g. its store, to read what it encrypted).</summary>
    public IServiceProvider Services => _factory.Services;

    public string ConnectionString { get; }

    public WireMockServer EParcours { get; }

    public HttpClient Client { get; }

    /// <summary>A second gateway instance on the same PostgreSQL database as <paramref name="first"/>,
    /// relaying to the same e-parcours stand-in (the first host owns and drops the database).</summary>
    public static GatewayTestHost StartSecondInstance(GatewayTestHost first)
        => new(first.Provider, first.ConnectionString, () => Task.CompletedTask, new()
        {
            ["Gateway:Recipients:eparcours:Endpoint"] = first.EParcours.Url + "/fhir",
            ["Gateway:Routes:0:Recipients:1"] = null,
        });

    /// <summary>The gateway on real Kestrel HTTPS, callers identified by client certificates (SQLite store).</summary>
    public static Task<GatewayTestHost> StartWithMutualTlsAsync(Dictionary<string, string?>? overrides = null)
        => StartAsync(StoreProvider.Sqlite, overrides, mutualTls: true);

    /// <summary>A gateway on a fresh store of <paramref name="provider"/>, with the settings <paramref name="overrides"/> changes
    /// (real Kestrel with client certificates when <paramref name="mutualTls"/>), and the services <paramref name="services"/>
    /// replaces, for the few tests that need a part to fail on purpose.</summary>
    public static async Task<GatewayTestHost> StartAsync(StoreProvider provider, Dictionary<string, string?>? overrides = null, bool mutualTls = false, Action<IServiceCollection>? services = null)
    {
        var store = await ThrowawayStore.CreateAsync(provider);
        return new GatewayTestHost(provider, store.ConnectionString, () => store.DisposeAsync().AsTask(), overrides, mutualTls, services);
    }

    /// <summary>Polls the submission until no delivery is still on its way.</summary>
    public async Task<JsonElement> WaitUntilSettledAsync(Uri location, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var submission = await Client.GetFromJsonAsync<JsonElement>(location);
            var settled = submission.GetProperty("deliveries").EnumerateArray()
                .All(d => d.GetProperty("status").GetString() is "Delivered" or "DeadLettered" or "Blocked");
            if (settled || DateTime.UtcNow > deadline)
            {
                return submission;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Counts rows of a table directly in the store, as an auditor would.</summary>
    public async Task<long> CountAsync(string table)
    {
        await using var connection = OpenStore();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    /// <summary>A direct connection to the store (SQLite or PostgreSQL), to look at rows as an auditor would.</summary>
    public DbConnection OpenStore() => Provider == StoreProvider.Sqlite
        ? new SqliteConnection(ConnectionString)
        : new NpgsqlConnection(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await ReleaseAsync();
    }

    private async ValueTask ReleaseAsync()
    {
        await _factory.DisposeAsync();
        EParcours.Stop();
        EParcours.Dispose();
        await _dropStore();
    }
}
