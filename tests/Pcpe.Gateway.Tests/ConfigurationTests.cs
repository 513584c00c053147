using Microsoft.Extensions.Hosting.Internal;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Configuration.Validation;
using Pcpe.Gateway.Store;
using Pcpe.Testing;

namespace Pcpe.Gateway.Tests;

/// <summary>The configuration is checked at start-up, and each mistake is named with its key.</summary>
public class ConfigurationTests
{
    private static GatewayOptions Valid() => new()
    {
        Recipients = new(StringComparer.Ordinal)
        {
            ["eparcours"] = new() { Channel = RecipientChannel.FhirRest, Endpoint = new Uri("https://eparcours.example/fhir"), Category = Pcpe.Fhir.Sharing.RecipientCategory.CoordinationPlatform },
        },
        Routes = [new() { Name = "all", Recipients = ["eparcours"] }],
    };

    private static IReadOnlyList<string> Problems(GatewayOptions options, string environment = "Development")
    {
        var host = new HostingEnvironment { EnvironmentName = environment, ContentRootPath = AppContext.BaseDirectory };
        return [.. SectionValidator.All(host).Select(v => v.Validate(null, options)).Where(r => r.Failed).SelectMany(r => r.Failures!)];
    }

    [Fact]
    public void A_complete_configuration_passes()
        => Assert.Empty(Problems(Valid()));

    [Theory]
    [InlineData("lease-shorter-than-send", "Gateway:Delivery:LeaseSeconds must exceed HttpTimeoutSeconds")]
    [InlineData("no-parallel-sends", "Gateway:Delivery:MaxParallelSends: The field MaxParallelSends must be between 1 and 256.")]
    [InlineData("recipient-parallel-sends", "Gateway:Recipients:eparcours:MaxParallelSends: The field MaxParallelSends must be between 1 and 256.")]
    [InlineData("relative-endpoint", "Gateway:Recipients:eparcours:Endpoint must be an absolute FHIR base URL")]
    [InlineData("create-only-mail", "Gateway:Recipients:hopital:Relay applies to Channel FhirRest only")]
    [InlineData("unknown-route-recipient", "Gateway:Routes:0:Recipients names 'dui', which is not under Gateway:Recipients")]
    [InlineData("postgres-without-key", "Gateway:Store:PayloadKey (32 random bytes, base64) is required with PostgreSQL")]
    [InlineData("mail-without-sender", "Gateway:Mss:Sender:FromAddress is required when a recipient uses MSSanté")]
    [InlineData("imap-without-mailbox", "Gateway:Mss:Receiver:MailboxAddress: The MailboxAddress field is required.")]
    [InlineData("person-space-with-address", "Gateway:Recipients:dmp (Channel Dmp) takes no Address, Endpoint nor TransitionDestination")]
    [InlineData("person-space-by-hospital-mail", "Gateway:Recipients:hopital:Category PersonDmp is for Channel Dmp only")]
    [InlineData("person-space-with-another-category", "Gateway:Recipients:dmp:Category must be PersonDmp, or be left out, for Channel Dmp")]
    [InlineData("recipient-by-finess-without-directory", "Gateway:Recipients:hopital has no Address: its mailbox is looked up by FINESS or RPPS in the national directory, and Gateway:Directory:BaseUrl is not set")]
    [InlineData("coordinators-without-directory", "Gateway:Mss:Coordinators are found by RPPS in the national directory, and Gateway:Directory:BaseUrl is not set")]
    [InlineData("coordinator-not-an-rpps", "Gateway:Mss:Coordinators: '10008888885' is not an RPPS")]
    [InlineData("person-mailbox-domain-not-a-domain", "Gateway:Mss:PersonMailboxDomain 'patient@mssante' must be a mail domain")]
    public void Each_mistake_is_named_with_its_key(string mistake, string expected)
    {
        var options = Valid();
        switch (mistake)
        {
            case "lease-shorter-than-send":
                options.Delivery.LeaseSeconds = 30;
                options.Delivery.HttpTimeoutSeconds = 30;
                break;
            case "no-parallel-sends":
                options.Delivery.MaxParallelSends = 0;
                break;
            case "recipient-parallel-sends":
                options.Recipients["eparcours"].MaxParallelSends = 0;
                break;
            case "relative-endpoint":
                options.Recipients["eparcours"].Endpoint = new Uri("/fhir", UriKind.Relative);
                break;
            case "create-only-mail":
                options.Recipients["hopital"] = new() { Channel = RecipientChannel.MsSante, Address = "hopital@hopital.mssante.fr", Relay = FhirRelayMode.CreateOnly };
                break;
            case "unknown-route-recipient":
                options.Routes[0].Recipients.Add("dui");
                break;
            case "postgres-without-key":
                options.Store.Provider = StoreProvider.Postgres;
                break;
            case "mail-without-sender":
                options.Recipients["hopital"] = new() { Channel = RecipientChannel.MsSante, Address = "hopital@hopital.mssante.fr" };
                break;
            case "imap-without-mailbox":
                options.Mss.Receiver.Imap.Host = "imap.mssante.example";
                break;
            case "person-space-with-address":
                options.Recipients["dmp"] = new() { Channel = RecipientChannel.Dmp, Category = Pcpe.Fhir.Sharing.RecipientCategory.PersonDmp, Address = "someone@patient.mssante.fr" };
                break;
            case "person-space-by-hospital-mail":
                options.Recipients["hopital"] = new() { Channel = RecipientChannel.MsSante, Address = "hopital@hopital.mssante.fr", Category = Pcpe.Fhir.Sharing.RecipientCategory.PersonDmp };
                break;
            case "person-space-with-another-category":
                options.Recipients["dmp"] = new() { Channel = RecipientChannel.Dmp, Category = Pcpe.Fhir.Sharing.RecipientCategory.HealthProfessional };
                break;
            case "recipient-by-finess-without-directory":
                options.Recipients["hopital"] = new() { Channel = RecipientChannel.MsSante, Finess = "340780220" };
                break;
            case "coordinators-without-directory":
                options.Mss.Coordinators.Add("10008888884");
                break;
            case "coordinator-not-an-rpps":
                options.Directory.BaseUrl = new Uri("https://gateway.api.esante.gouv.fr/fhir/v2");
                options.Mss.Coordinators.Add("10008888885");
                break;
            case "person-mailbox-domain-not-a-domain":
                options.Recipients["dmp"] = new() { Channel = RecipientChannel.Dmp, Category = Pcpe.Fhir.Sharing.RecipientCategory.PersonDmp };
                options.Mss.PersonMailboxDomain = "patient@mssante";
                break;
        }

        var problems = Problems(options);

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Anonymous_callers_and_test_identities_are_refused_in_production()
    {
        var options = Valid();
        options.Api.AllowAnonymous = true;
        options.AcceptTestIdentities = true;

        var problems = Problems(options, "Production");

        Assert.Contains("Gateway:Api:AllowAnonymous is refused in the Production environment", problems);
        Assert.Contains("Gateway:AcceptTestIdentities is refused in the Production environment", problems);
    }

    // As an operator deploys it: environment variables, the SQLite default in a folder of the test's.
    private static Dictionary<string, string> Deployment(string environmentName, params (string Key, string Value)[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("pcpe-config-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environmentName,
            ["Gateway__Store__ConnectionString"] = $"Data Source={folder}/gateway.db",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return environment;
    }

    public static TheoryData<string, string[], string[]> WrongDeployments() => new()
    {
        {
            "Staging",
            ["Gateway__Delivery__LeaseSeconds=10", "Gateway__Recipients__eparcours__Channel=FhirRest", "Gateway__Recipients__eparcours__Endpoint=https://eparcours.example/fhir", "Gateway__Recipients__eparcours__MaxParallelSends=0"],
            ["Gateway:Delivery:LeaseSeconds must exceed HttpTimeoutSeconds", "Gateway:Recipients:eparcours:MaxParallelSends:"]
        },
        // A stray space after the name is still Production, with its refusals.
        { "Production ", ["Gateway__Api__AllowAnonymous=true"], ["Gateway:Api:AllowAnonymous is refused in the Production environment"] },
        { "Staging", ["Gateway__Store__ConnectionString=Data Source=x;;=oops=;Nonsense"], ["Gateway:Store:ConnectionString is not a valid SQLite connection string"] },
        // A category that is none of the list: the recipient is named, not only the route that sends to it.
        {
            "Staging",
            ["Gateway__Recipients__dui__Channel=FhirRest", "Gateway__Recipients__dui__Endpoint=https://dui.example/fhir", "Gateway__Recipients__dui__Category=MedicoSocialEstablishment", "Gateway__Routes__0__Name=r", "Gateway__Routes__0__Recipients__0=dui"],
            ["Gateway:Recipients:dui could not be read: check that its Channel is one of FhirRest"]
        },
        {
            "Staging",
            ["Gateway__Store__Provider=Postgres", "Gateway__Store__PayloadKey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "Gateway__Store__ConnectionString=Host=db;Port=not-a-port;Password=s3cret-canary"],
            ["Gateway:Store:ConnectionString is not a valid PostgreSQL connection string"]
        },
    };

    [Theory]
    [MemberData(nameof(WrongDeployments))]
    public async Task The_gateway_does_not_start_on_a_wrong_configuration_names_every_mistake_and_exits_with_code_2(string environmentName, string[] settings, string[] expected)
    {
        var environment = Deployment(environmentName, [.. settings.Select(s => (s[..s.IndexOf('=', StringComparison.Ordinal)], s[(s.IndexOf('=', StringComparison.Ordinal) + 1)..]))]);

        var (exitCode, output) = await GatewayProcess.RunUntilExitAsync(environment, TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("The gateway did not start: its configuration has problems", output, StringComparison.Ordinal);
        Assert.All(expected, problem => Assert.Contains("  - " + problem, output, StringComparison.Ordinal));
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-canary", output, StringComparison.Ordinal);
    }
}
