using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using Pcpe.Fhir;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Messages;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Delivery;
using Pcpe.Gateway.Intake;
using Pcpe.Gateway.Observability;
using Pcpe.Gateway.Store;
using Pcpe.Mss.Receiving;
using Pcpe.Mss.Reports;
using Pcpe.Mss.Sending;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Mail;

/// <summary>
/// Flow 4 (receive mail), the gateway's side: a coordinator's message becomes a submission like a push —
/// attached to the person by the INS of its XDM metadata, or by a plan identifier
/// (<c>3+FINESS/localId-PPER-documentId</c>) found in its subject or text — and is stored idempotently
/// on its Message-ID. DSN/MDN about the gateway's own messages are recorded on their deliveries.
/// </summary>
public sealed partial class MailSubmissionHandler(
    SubmissionIntake intake,
    DocumentPipeline pipeline,
    GatewayStore store,
    IOptions<MssGatewayOptions> options,
    RecipientDirectory recipients,
    ValidationPolicy policy,
    TimeProvider time,
    GatewayMetrics metrics,
    ILogger<MailSubmissionHandler> logger,
    Pcpe.Gateway.NationalDirectory.HealthDirectory nationalDirectory,
    MailboxResolution mailboxes) : IIncomingMessageHandler
{
    private static readonly CallerIdentity Mailbox = new("mssante-mailbox", null);

    public async Task HandleMessageAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var attached = AttachedDocuments(message);
        var (person, structure) = attached.Count > 0 ? PersonOf(attached[0]) : await IdentifyAsync(message, cancellationToken);

        // A PCPE document (JSON or FHIR) attached by a coordinator is taken like a push, stored once per
        // document id and version; the message itself follows as a Communication about the same person.
        foreach (var pcpeDocument in attached)
        {
            var pushed = await intake.SubmitAsync(new PreparationResult(pcpeDocument, []), Mailbox, idempotencyKey: null, cancellationToken);
            if (pushed is IntakeResult.Conflict)
            {
                throw new MessageRejectedException(IntegrationErrorCode.WrongDocumentVersion, "the attached document has the id and version of another one already received: send a new version");
            }

            LeftForNextRoundWhenBusy(pushed);
        }

        var document = new CoordinatorMessage
        {
            MessageId = message.MessageId,
            SenderAddress = message.From,
            Subject = message.Subject,
            Text = message.Text,
            Sent = message.Sent,
            Person = person,
            Documents = message.Attachments.Select(a => new MessageDocument(a.FileName, a.MimeType, a.Content, XdmUniqueId(message, a))).ToList(),
        };
        var prepared = new PreparationResult(
            new PreparedDocument(CoordinatorMessageMapper.Kind, message.MessageId, 1, structure, null, CoordinatorMessageMapper.ToTransaction(document))
            {
                PersonKey = Pcpe.Fhir.Sharing.PersonKeys.Of([new Hl7.Fhir.Model.Identifier(person.System, person.Value)]),
            },
            []);
        // Stored at most once: a message read again after a crash is a duplicate of the same Message-ID.
        var result = await intake.SubmitAsync(prepared, Mailbox, idempotencyKey: null, cancellationToken);
        if (result is IntakeResult.Conflict)
        {
            throw new MessageRejectedException(IntegrationErrorCode.Other, "a different message with the same Message-ID was already received");
        }

        LeftForNextRoundWhenBusy(result);
    }

    // Not a refusal: the message stays in the inbox and is read again at the next round.
    private static void LeftForNextRoundWhenBusy(IntakeResult result)
    {
        if (result is IntakeResult.Busy)
        {
            throw new InvalidOperationException("the person's registry kept changing while the message was stored");
        }
    }

    /// <summary>A coordinator named by RPPS (<see cref="MssGatewayOptions.Coordinators"/>) writes from one of the
    /// mailboxes the national directory lists for them.</summary>
    public async Task<bool> IsCoordinatorAsync(string address, CancellationToken cancellationToken)
    {
        if (!nationalDirectory.Enabled)
        {
            return false;
        }

        // A coordinator writes from their own mailbox (PER) or their practice's (CAB). One coordinator the directory
        // cannot tell about does not stop the others being checked; if none matched, the message waits for it.
        Pcpe.Gateway.NationalDirectory.DirectoryUnavailableException? unavailable = null;
        foreach (var rpps in options.Value.Coordinators)
        {
            try
            {
                var known = await nationalDirectory.PractitionerAsync(rpps, cancellationToken);
                if (known.Mailboxes.Any(m => m.Type is "PER" or "CAB" && string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }
            catch (Pcpe.Gateway.NationalDirectory.DirectoryUnavailableException ex)
            {
                unavailable ??= ex;
            }
        }

        return unavailable is null ? false : throw unavailable;
    }

    // The mail went to the delivery's own address, the recipient's configured one, or else the one the directory gave.
    private async Task<bool> SentToAsync(Pcpe.Gateway.Store.DeliveryAddressee addressee, string? reporter, CancellationToken cancellationToken)
    {
        var recipient = recipients.Find(addressee.RecipientId);
        if ((addressee.Address ?? recipient?.Address) is { } sentTo)
        {
            return string.Equals(sentTo, reporter, StringComparison.OrdinalIgnoreCase);
        }

        return recipient is not null && reporter is not null && await mailboxes.ResolveAsync(recipient, cancellationToken) is MailboxResolution.Resolved { Address: var resolved }
            && string.Equals(resolved, reporter, StringComparison.OrdinalIgnoreCase);
    }

    public async Task HandleReportAsync(DeliveryReport report, CancellationToken cancellationToken)
    {
        var kind = report.Kind == DeliveryReportKind.DeliveryStatus ? "DSN" : "MDN";
        // Our Message-IDs name the delivery: anything else is not about one of our deliveries.
        if (DeliveryMessageId.DeliveryOf(report.OriginalMessageId) is not { } deliveryId
            || await store.AddresseeAsync(deliveryId, cancellationToken) is not { } addressee)
        {
            LogReportIgnored(logger);
            metrics.MailReport(kind, "none", "ignored");
            return;
        }

        // An MDN speaks for the mailbox that got the message: one from anybody else changes nothing. (A DSN comes
        // from a mail server, not from the addressee.)
        if (report.Kind == DeliveryReportKind.Disposition && !await SentToAsync(addressee, report.Reporter, cancellationToken))
        {
            LogReceiptFromAnotherMailbox(logger, deliveryId);
            metrics.MailReport(kind, addressee.RecipientId, "ignored");
            return;
        }

        var receipt = $"{kind} {(report.Success ? "ok" : "failed")}: {report.Reason}";
        var recorded = await store.RecordReceiptAsync(deliveryId, report.Success, receipt, time.GetUtcNow(), cancellationToken);
        metrics.MailReport(kind, addressee.RecipientId, !recorded ? "ignored" : report.Success ? "ok" : "failed");
        if (!recorded)
        {
            LogReportIgnored(logger);
        }
    }

    /// <summary>The PCPE documents attached to the message, checked like a push; a recognisable but invalid one refuses the message.</summary>
    private List<PreparedDocument> AttachedDocuments(IncomingMessage message)
    {
        var documents = new List<PreparedDocument>();
        var mailboxStructure = options.Value.ReceiverStructure;
        foreach (var attachment in message.Attachments.Where(a => a.MimeType is "application/json" or "application/fhir+json"))
        {
            if (pipeline.PrepareAttachment(attachment.Content) is not { } prepared)
            {
                continue;
            }

            if (!prepared.Succeeded)
            {
                var first = prepared.Issues[0];
                throw new MessageRejectedException(IntegrationErrorCode.Other, $"an attached PCPE document has {prepared.Issues.Count} problem(s), first at {first.Path}: {first.Message}");
            }

            if (prepared.Document!.StructureFiness != mailboxStructure)
            {
                throw new MessageRejectedException(IntegrationErrorCode.AuthorNotAuthorised, "an attached PCPE document belongs to another structure than this mailbox's");
            }

            documents.Add(prepared.Document);
        }

        return documents;
    }

    /// <summary>The person of an attached document: the INS when the identity is qualified, the TDDUI local identifier otherwise.</summary>
    private static ((string System, string Value) Person, string Structure) PersonOf(PreparedDocument document)
    {
        var identifier = document.Bundle.Entry.Select(e => e.Resource).OfType<Patient>().First().Identifier[0];
        return ((identifier.System!, identifier.Value!), document.StructureFiness);
    }

    private async Task<((string System, string Value) Person, string Structure)> IdentifyAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var mailboxStructure = options.Value.ReceiverStructure
            ?? throw new MessageRejectedException(IntegrationErrorCode.Other, "this mailbox is not attached to a structure (Gateway:Mss:ReceiverStructure)");
        if (message.Ins is { } ins)
        {
            if (InsNumber.Check(ins.Ins) is { } problem)
            {
                throw new MessageRejectedException(IntegrationErrorCode.InsIncomplete, $"the INS of the XDM metadata is not valid: {problem}");
            }

            if (InsNumber.KindOfOid(ins.Oid) is not { } kind || (kind is InsKind.TestNir or InsKind.DemoNir && !policy.AcceptTestIdentities))
            {
                throw new MessageRejectedException(IntegrationErrorCode.InsIncomplete, "the INS of the XDM metadata has an OID this gateway does not accept");
            }

            return ((InsNumber.SystemOf(kind), ins.Ins), mailboxStructure);
        }

        var match = PlanIdentifier().Match($"{message.Subject}\n{message.Text}");
        if (!match.Success)
        {
            throw new MessageRejectedException(IntegrationErrorCode.NoIns, "the person cannot be identified: attach an IHE_XDM.ZIP whose metadata carry the INS, or quote the plan identifier (3+FINESS/id-PPER-n)");
        }

        var finess = match.Groups["finess"].Value;
        var stored = await store.FindLatestPlanAsync(finess, match.Groups["document"].Value, cancellationToken)
            ?? throw new MessageRejectedException(IntegrationErrorCode.PatientUnknown, "the plan identifier quoted in the message is unknown to this gateway");
        var patient = FhirJson.Deserialize<Bundle>(stored).Entry.Select(e => e.Resource).OfType<Patient>().First();
        var local = patient.Identifier.First(i => i.System == FrenchIdentifierSystems.LocalUsager);
        return ((local.System!, local.Value!), finess);
    }

    private static string? XdmUniqueId(IncomingMessage message, IncomingAttachment attachment)
        => attachment.Kind == AttachmentKind.XdmDocument ? message.Xdm?.Documents.FirstOrDefault(d => d.Uri == attachment.FileName)?.UniqueId : null;

    [GeneratedRegex(@"3(?<finess>[0-9AB]{9})/(?<local>[^\s/]+)-PPER-(?<document>[^\s]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PlanIdentifier();

    [LoggerMessage(201, LogLevel.Information, "A delivery report about no delivery of this gateway was ignored")]
    private static partial void LogReportIgnored(ILogger logger);

    [LoggerMessage(202, LogLevel.Warning, "A receipt (MDN) about delivery {DeliveryId} came from another mailbox than the one it was sent to, and was ignored")]
    private static partial void LogReceiptFromAnotherMailbox(ILogger logger, Guid deliveryId);
}
