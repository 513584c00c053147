using Pcpe.Mss.Sending;

namespace Pcpe.Gateway.Configuration;

/// <summary>MSSanté settings of the gateway (<c>Gateway:Mss</c>).</summary>
public sealed class MssGatewayOptions
{
    /// <summary>The applicative mailbox as a sender (address, X-MSS-NIL, SMTP server).</summary>
    public MssSenderOptions Sender { get; set; } = new();

    /// <summary>The applicative mailbox as a reader (coordinators' messages, DSN/MDN). Off while <c>Receiver:Imap:Host</c> is empty.</summary>
    public Pcpe.Mss.Receiving.MssReceiverOptions Receiver { get; set; } = new();

    /// <summary>
    /// Ask each hospital for a receipt (MDN, <c>Disposition-Notification-To</c> the applicative mailbox), so that
    /// its software's "processed" or integration error (ANS 90x codes) comes back onto the delivery. Asked only
    /// while the gateway reads that mailbox (<c>Receiver:Imap:Host</c> set): nobody would read the answers otherwise.
    /// </summary>
    public bool RequestReceipts { get; set; } = true;

    /// <summary>Whether the gateway reads its mailbox (<c>Receiver:Imap:Host</c> set; its address is then required).</summary>
    public bool ReadsMailbox => !string.IsNullOrWhiteSpace(Receiver.Imap.Host);

    /// <summary>Whether hospital mails ask for a receipt that the gateway will read.</summary>
    public bool AsksForReceipts => RequestReceipts && ReadsMailbox;

    /// <summary>
    /// RPPS of the coordinators allowed to write to the gateway besides <c>Receiver:KnownSenders</c> (which stays as an
    /// override): a message is taken when it comes from a mailbox the national directory lists for one of them.
    /// </summary>
    public List<string> Coordinators { get; set; } = [];

    /// <summary>FINESS of the structure whose mailbox this is: messages not tied to a known plan are routed as its documents.</summary>
    public string? ReceiverStructure { get; set; }

    /// <summary>Write messages as .eml files to this folder instead of sending them (demo, dry runs).</summary>
    public string? PickupDirectory { get; set; }

    /// <summary>OID of the structure's local patient identifier domain, for the XDM patientId when no qualified INS is known.</summary>
    public string LocalPatientIdOid { get; set; } = "1.2.250.1.71.4.2.7";

    /// <summary>
    /// Domain of the persons' own mailboxes (Mon espace santé): a <see cref="RecipientChannel.Dmp"/> recipient writes to
    /// <c>{INS}@{PersonMailboxDomain}</c>, the INS being the person's qualified matricule (ANS, transmission d'un document CDA R2).
    /// </summary>
    public string PersonMailboxDomain { get; set; } = "patient.mssante.fr";

    /// <summary>OID of this gateway as a sending system (XDS SubmissionSet.sourceId).</summary>
    public string SourceOid { get; set; } = "2.25.1";

    public XdmCodeOptions Xdm { get; set; } = new();

    public OAuthClientOptions OAuth { get; set; } = new();
}
