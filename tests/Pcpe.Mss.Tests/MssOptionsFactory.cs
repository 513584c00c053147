using Pcpe.Mss.Sending;
using Pcpe.Mss.Transport;
using Pcpe.Testing;

namespace Pcpe.Mss.Tests;

/// <summary>Sender options pointing at the test environment's Postfix with the gateway's certificate.</summary>
internal static class MssOptionsFactory
{
    public static MailEndpointOptions Smtp(string certificate = "gateway") => Endpoint(TestEnvironment.SmtpHost, TestEnvironment.SmtpPort, certificate);

    public static MailEndpointOptions Imap(string certificate = "gateway") => Endpoint(TestEnvironment.ImapHost, TestEnvironment.ImapPort, certificate);

    private static MailEndpointOptions Endpoint(string host, int port, string certificate) => new()
    {
        Host = host,
        Port = port,
        Security = MailSecurity.StartTls,
        CaBundlePath = TestEnvironment.CaBundle,
        CheckRevocation = false,
        Authentication = MailAuthentication.ClientCertificate,
        ClientCertificatePath = TestEnvironment.Pfx(certificate),
        ClientCertificatePassword = TestEnvironment.PfxPassword,
        TimeoutSeconds = 20,
    };

    public static MssSenderOptions Sender(string certificate = "gateway") => new()
    {
        FromAddress = TestEnvironment.GatewayMailbox,
        ProductReference = "PCPE-GATEWAY-TEST",
        Smtp = Smtp(certificate),
    };
}
