namespace Pcpe.Testing;

/// <summary>
/// The real servers started by <c>scripts/testenv up</c> (Postfix, Dovecot, PostgreSQL, test CA), read
/// from the PCPE_TEST_* variables it prints. A test that needs them fails with a clear message when
/// they are absent: run the suite through <c>scripts/test</c>.
/// </summary>
public static class TestEnvironment
{
    public static string Get(string name)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: start the real servers with `eval \"$(scripts/testenv up)\"` or run `scripts/test`");

    public static string CaBundle => Get("PCPE_TEST_CA");

    /// <summary>A fixed payload encryption key for test gateways (PostgreSQL needs one configured; instances share it).</summary>
    public const string PayloadKey = "dGVzdC1vbmx5LXBheWxvYWQta2V5LTMyLWJ5dGVzISE=";

    public static string CertificateDirectory => Get("PCPE_TEST_CERT_DIR");

    public static string PfxPassword => Get("PCPE_TEST_PFX_PASSWORD");

    public static string SmtpHost => Get("PCPE_TEST_SMTP_HOST");

    public static int SmtpPort => int.Parse(Get("PCPE_TEST_SMTP_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static string ImapHost => Get("PCPE_TEST_IMAP_HOST");

    public static int ImapPort => int.Parse(Get("PCPE_TEST_IMAP_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static string MailPassword => Get("PCPE_TEST_MAIL_PASSWORD");

    /// <summary>A bearer token the test authorisation server knows, for gateway@pcpe.test.</summary>
    public static string OAuthToken => Get("PCPE_TEST_OAUTH_TOKEN");

    public static string OAuthTokenEndpoint => Get("PCPE_TEST_OAUTH_TOKEN_ENDPOINT");

    public static string OAuthClientId => Get("PCPE_TEST_OAUTH_CLIENT_ID");

    public static string OAuthClientSecret => Get("PCPE_TEST_OAUTH_CLIENT_SECRET");

    public static string PostgresConnectionString => Get("PCPE_TEST_POSTGRES");

    /// <summary>The OpenID Connect provider the console's operators sign in with (tests/oidc-provider), whose
    /// accounts are named after their roles: supervisor, dpo, reader, both, nobody.</summary>
    public static Uri OidcAuthority => new(Get("PCPE_TEST_OIDC_AUTHORITY"));

    /// <summary>The console's client secret at that provider (client id <c>pcpe-console</c>).</summary>
    public static string OidcClientSecret => Get("PCPE_TEST_OIDC_CLIENT_SECRET");

    /// <summary>Debian's Chromium, which the browser tests drive by its path.</summary>
    public static string Chromium => Get("PCPE_TEST_CHROMIUM");

    /// <summary>A PKCS#12 file issued by the test CA (gateway, coordinator, dui-alpha, dui-beta) or by the rogue CA (rogue).</summary>
    public static string Pfx(string name) => Path.Combine(CertificateDirectory, name + ".pfx");

    /// <summary>The gateway's applicative mailbox.</summary>
    public const string GatewayMailbox = "gateway@pcpe.test";

    /// <summary>The applicative mailbox of the gateway's own integration tests (certificate gateway-it).</summary>
    public const string GatewayItMailbox = "gateway-it@pcpe.test";

    /// <summary>The hospital admissions mailbox.</summary>
    public const string HospitalMailbox = "admissions@hopital.test";

    /// <summary>The domain of the persons' own mailboxes (patient.mssante.fr in production), with a mailbox for
    /// the INS of the samples' persons.</summary>
    public const string PersonMailboxDomain = "patient.test";

    public static string Sample(string fileName) => Path.Combine(AppContext.BaseDirectory, "samples", fileName);

    /// <summary>A Bundle of profiles/examples (each sample as a transaction and as a document).</summary>
    public static string ProfileExample(string fileName) => Path.Combine(AppContext.BaseDirectory, "profile-examples", fileName);

    /// <summary>An ANS TDDUI 2.3.0 example Bundle (tests/Pcpe.Fhir.Tests/Fixtures/Tddui, SOURCE.md there).</summary>
    public static string TdduiExample(string fileName) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Tddui", fileName);
}
