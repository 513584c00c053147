using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Pcpe.Mss.Sending;
using Pcpe.Mss.Transport;
using Pcpe.Mss.Xdm;

namespace Pcpe.Benchmarks;

/// <summary>
/// <c>mss-throughput COUNT</c>: sends COUNT messages with a 200 KB document in IHE_XDM.ZIP through the
/// test environment's Postfix (STARTTLS, client certificate, one reused connection) and prints the
/// message size and the rate. scripts/bench-mss runs it side by side with Postfix's smtp-source.
/// </summary>
internal static class MssThroughput
{
    public static async Task<int> RunAsync(int count)
    {
        string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} not set: eval \"$(scripts/testenv up)\"");
        var options = new MssSenderOptions
        {
            FromAddress = "gateway@pcpe.test",
            ProductReference = "PCPE-GATEWAY-BENCH",
            MaxMessageBytes = 10 * 1024 * 1024,
            Smtp = new MailEndpointOptions
            {
                Host = Env("PCPE_TEST_SMTP_HOST"),
                Port = int.Parse(Env("PCPE_TEST_SMTP_PORT"), CultureInfo.InvariantCulture),
                CaBundlePath = Env("PCPE_TEST_CA"),
                CheckRevocation = false,
                ClientCertificatePath = Path.Combine(Env("PCPE_TEST_CERT_DIR"), "gateway.pfx"),
                ClientCertificatePassword = Env("PCPE_TEST_PFX_PASSWORD"),
            },
        };
        // Random bytes do not compress: the zip stays about 200 KB like a real PDF would.
        var document = RandomNumberGenerator.GetBytes(200 * 1024);
        var builder = new MssMessageBuilder(options);
        await using var sender = new MssSmtpSender(options);
        long size = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var message = builder.Build(new OutgoingMessage
            {
                To = "admissions@hopital.test",
                Subject = "Transmission",
                TextBody = "Document en pièce jointe.",
                XdmPackage = XdmPackageWriter.Write(XdmBenchmarks.Package(document)),
                MessageId = $"{Guid.NewGuid():N}@pcpe.test",
            });
            if (i == 0)
            {
                using var measure = new MimeKit.IO.MeasuringStream();
                message.WriteTo(measure);
                size = measure.Length;
            }

            await sender.SendAsync(message, CancellationToken.None);
        }

        watch.Stop();
        Console.WriteLine(FormattableString.Invariant($"message_bytes={size}"));
        Console.WriteLine(FormattableString.Invariant($"pcpe_msgs_per_s={count / watch.Elapsed.TotalSeconds:F1} ({count} messages in {watch.Elapsed.TotalSeconds:F2} s, TLS + client certificate, build included)"));
        return 0;
    }
}
