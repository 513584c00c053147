using Pcpe.Documents.ValueSets;

namespace Pcpe.Gateway.Configuration.Validation;

/// <summary><c>Gateway:Mss</c>: the mailbox read when configured, and everything sending needs when a recipient is reached by mail.</summary>
public sealed class MssSectionValidator : SectionValidator
{
    protected override void Check(GatewayOptions options, List<string> problems)
    {
        if (options.Mss.ReadsMailbox)
        {
            Annotations(options.Mss.Receiver, "Gateway:Mss:Receiver", problems);
            Annotations(options.Mss.Receiver.Imap, "Gateway:Mss:Receiver:Imap", problems);
        }

        CheckCode(CisisValueSets.HealthcareFacilityTypeCode, options.Mss.Xdm.HealthcareFacilityTypeCode, "HealthcareFacilityTypeCode", problems);
        CheckCode(CisisValueSets.PracticeSettingCode, options.Mss.Xdm.PracticeSettingCode, "PracticeSettingCode", problems);
        if (options.Mss.Xdm.ConfidentialityCode is not ("N" or "R" or "V"))
        {
            problems.Add($"Gateway:Mss:Xdm:ConfidentialityCode '{options.Mss.Xdm.ConfidentialityCode}' must be N, R or V (JDV_J08 and the CDA header's HL7 Confidentiality)");
        }

        if (options.Recipients.Values.Any(r => r.Channel == RecipientChannel.Dmp)
            && (string.IsNullOrWhiteSpace(options.Mss.PersonMailboxDomain) || !System.Text.RegularExpressions.Regex.IsMatch(options.Mss.PersonMailboxDomain, "^[a-z0-9-]+(\\.[a-z0-9-]+)+$")))
        {
            problems.Add($"Gateway:Mss:PersonMailboxDomain '{options.Mss.PersonMailboxDomain}' must be a mail domain (patient.mssante.fr) for a Dmp recipient");
        }

        var usesMail = options.Recipients.Values.Any(r => r.SendsMail);
        if (!usesMail || options.Mss.PickupDirectory is not null)
        {
            return;
        }

        var sender = options.Mss.Sender;
        if (string.IsNullOrWhiteSpace(sender.FromAddress))
        {
            problems.Add("Gateway:Mss:Sender:FromAddress is required when a recipient uses MSSanté");
        }

        if (string.IsNullOrWhiteSpace(sender.ProductReference))
        {
            problems.Add("Gateway:Mss:Sender:ProductReference (X-MSS-NIL) is required when a recipient uses MSSanté");
        }

        if (string.IsNullOrWhiteSpace(sender.Smtp.Host) || sender.Smtp.Port == 0)
        {
            problems.Add("Gateway:Mss:Sender:Smtp:Host and Port are required when a recipient uses MSSanté");
        }
        else
        {
            Annotations(sender.Smtp, "Gateway:Mss:Sender:Smtp", problems);
        }

        if (sender.Smtp.Authentication == Pcpe.Mss.Transport.MailAuthentication.OAuth2
            && (options.Mss.OAuth.TokenEndpoint is null || string.IsNullOrWhiteSpace(options.Mss.OAuth.ClientId) || string.IsNullOrWhiteSpace(sender.Smtp.UserName)))
        {
            problems.Add("OAuth2 mail authentication needs Gateway:Mss:OAuth:TokenEndpoint, Gateway:Mss:OAuth:ClientId and Gateway:Mss:Sender:Smtp:UserName");
        }

        if (sender.Smtp.Authentication == Pcpe.Mss.Transport.MailAuthentication.ClientCertificate && !File.Exists(sender.Smtp.ClientCertificatePath))
        {
            problems.Add("Gateway:Mss:Sender:Smtp:ClientCertificatePath must name the applicative mailbox certificate (PKCS#12 or PEM)");
        }

        if (!File.Exists(sender.Smtp.CaBundlePath))
        {
            problems.Add("Gateway:Mss:Sender:Smtp:CaBundlePath must name the PEM file of the trusted CAs (IGC-Santé)");
        }
    }

    private static void CheckCode(string valueSet, string code, string name, List<string> problems)
    {
        if (CisisValueSets.Find(valueSet, code) is null)
        {
            problems.Add($"Gateway:Mss:Xdm:{name} '{code}' is not a code of {valueSet}");
        }
    }
}
