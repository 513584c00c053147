using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using Pcpe.Fhir;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Rendering;
using Pcpe.Gateway.Store;
using Pcpe.Mss.Sending;
using Pcpe.Mss.Xdm;

namespace Pcpe.Gateway.Delivery;

/// <summary>
/// Sends a document to a hospital or professional as an MSSanté message: a short text that carries no
/// health data, and the document in IHE_XDM.ZIP. The Message-ID names the delivery (<see cref="DeliveryMessageId"/>)
/// so DSN/MDN find it; the mail asks for an MDN when the gateway reads its mailbox
/// (<see cref="MssGatewayOptions.RequestReceipts"/>). Sending and its outcome are <see cref="MssMailer"/>'s.
/// </summary>
public sealed class MssChannel(IOptions<MssGatewayOptions> options, MssMailer mailer, TimeProvider time, TerminologyIndex terminology) : IDeliveryChannel
{
    private readonly DocumentBundleBuilder _documents = new(terminology);

    public RecipientChannel Channel => RecipientChannel.MsSante;

    public async Task<SendResult> SendAsync(LeasedDelivery delivery, string recipientId, RecipientOptions recipient, CancellationToken cancellationToken)
    {
        var mss = options.Value;
        var bundle = FhirJson.Deserialize<Bundle>(delivery.Payload);
        var now = time.GetUtcNow();
        var (document, title) = DocumentForm(bundle, now);
        var pdf = PlanPdfRenderer.Render(document ?? bundle, now);
        var xdm = XdmPackageWriter.Write(new XdmSubmission
        {
            PatientId = PatientId(bundle, mss.LocalPatientIdOid),
            UniqueId = XdmIdentifiers.Oid(SendingId(delivery)),
            SourceId = mss.SourceOid,
            AuthorInstitution = AuthorInstitution(bundle),
            ContentTypeCode = mss.Xdm.ContentTypeCode,
            SubmissionTime = now,
            Documents =
            [
                Document(document is null ? delivery.Payload : FhirJson.SerializeToUtf8(document), "application/fhir+json", "JSN", $"{title} (FHIR)", delivery.SubmissionId),
                Document(pdf, "application/pdf", "PDF", $"{title} (PDF)", DerivedId(delivery.SubmissionId, "pdf")),
            ],
        });

        XdmDocument Document(byte[] content, string mimeType, string extension, string title, Guid id) => new()
        {
            Content = content,
            MimeType = mimeType,
            Extension = extension,
            Title = title,
            UniqueId = XdmIdentifiers.Oid(id),
            ClassCode = mss.Xdm.ClassCode,
            TypeCode = mss.Xdm.TypeCode,
            FormatCode = mss.Xdm.FormatCode,
            HealthcareFacilityTypeCode = mss.Xdm.HealthcareFacilityTypeCode,
            PracticeSettingCode = mss.Xdm.PracticeSettingCode,
            ConfidentialityCode = mss.Xdm.ConfidentialityCode,
            CreationTime = now,
        };

        // The text says what travels and where, never who: the person is identified in the XDM metadata only.
        string[] paragraphs =
        [
            "Bonjour,",
            $"Vous trouverez en pièce jointe (IHE_XDM.ZIP) un document « {title} » transmis par la passerelle PCPE, "
                + "au format FHIR et en PDF. La personne concernée est identifiée dans les métadonnées du document.",
            "Message automatique : merci de ne pas répondre à cette adresse applicative pour un échange clinique.",
        ];
        var outgoing = new OutgoingMessage
        {
            To = delivery.Address ?? recipient.Address!,
            Subject = $"Transmission : {title}",
            TextBody = string.Join("\n\n", paragraphs) + "\n",
            HtmlBody = "<!DOCTYPE html><html lang=\"fr\"><body>" + string.Concat(paragraphs.Select(p => $"<p>{System.Net.WebUtility.HtmlEncode(p)}</p>")) + "</body></html>",
            XdmPackage = xdm,
            MessageId = DeliveryMessageId.For(delivery.Id, delivery.AttemptsBeforeReplay, mss.Sender.FromAddress),
            DispositionNotificationTo = mss.AsksForReceipts ? mss.Receiver.MailboxAddress : null,
        };

        return await mailer.SendAsync(outgoing, cancellationToken) switch
        {
            MailSendOutcome.Delivered delivered => new SendResult.Delivered(delivered.Detail),
            MailSendOutcome.Permanent permanent => new SendResult.Permanent(permanent.Reason),
            MailSendOutcome.Transient transient => new SendResult.Transient(transient.Reason),
            _ => throw new InvalidOperationException("unknown mail outcome"),
        };
    }

    /// <summary>Identifies one sending, for the XDM SubmissionSet.uniqueId (unique per submission in IHE XDS): the
    /// delivery id, and after a replay an id derived from it and the attempts made before the replay.</summary>
    private static Guid SendingId(LeasedDelivery delivery)
        => delivery.AttemptsBeforeReplay == 0 ? delivery.Id : DerivedId(delivery.Id, $"sending-{delivery.AttemptsBeforeReplay}");

    /// <summary>
    /// Hospitals get the document form (Composition with readable sections) of a PCPE document; other
    /// bundles (coordinators' messages) travel as stored.
    /// </summary>
    private (Bundle? Document, string Title) DocumentForm(Bundle transaction, DateTimeOffset now)
    {
        var issues = new List<InputIssue>();
        var model = PcpeBundleReader.Read(transaction, issues);
        var title = model switch
        {
            SupportPlan => "Projet personnalisé d'accompagnement",
            FunctionalAssessment => "Évaluation fonctionnelle",
            TransitionPlan => "Plan de transition",
            _ => "Message de coordination",
        };
        return (model is null ? null : _documents.Build(model, transaction, now), title);
    }

    private static string PatientId(Bundle bundle, string localOid)
    {
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().First();
        var ins = patient.Identifier.FirstOrDefault(i => InsNumber.KindOfOid(i.System) is InsKind.Nir or InsKind.Nia or InsKind.TestNir or InsKind.DemoNir);
        if (ins is not null)
        {
            return XdmSubmission.PatientIdFromIns(ins.Value!, ins.System!.Replace("urn:oid:", string.Empty, StringComparison.Ordinal));
        }

        var local = patient.Identifier.First(i => i.System == FrenchIdentifierSystems.LocalUsager);
        return XdmSubmission.PatientIdFromIns(local.Value!, localOid);
    }

    private static string AuthorInstitution(Bundle bundle)
    {
        var organization = bundle.Entry.Select(e => e.Resource).OfType<Organization>().FirstOrDefault();
        var finess = organization?.Identifier.FirstOrDefault(i => i.System == FrenchIdentifierSystems.Finess)?.Value ?? string.Empty;
        return XdmIdentifiers.InstitutionByFiness(organization?.Name, finess);
    }

    /// <summary>A stable id for another rendering of the same submission (same input, same id).</summary>
    private static Guid DerivedId(Guid submissionId, string rendering)
        => new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"{submissionId:N}/{rendering}")));

}
