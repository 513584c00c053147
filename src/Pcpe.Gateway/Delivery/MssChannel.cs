using System.Globalization;
using System.Numerics;
using Hl7.Fhir.Model;
using MailKit.Net.Smtp;
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
using Pcpe.Mss.Transport;
using Pcpe.Mss.Xdm;

namespace Pcpe.Gateway.Delivery;

/// <summary>
/// Sends a document to a hospital or professional as an MSSanté message: a short text that carries no
/// health data, and the document in IHE_XDM.ZIP. The Message-ID is derived from the delivery id so
/// DSN/MDN can be matched and a retried send is recognisable downstream; the mail asks for an MDN when the
/// gateway reads its mailbox (<see cref="MssGatewayOptions.RequestReceipts"/>).
/// </summary>
public sealed class MssChannel(IOptions<GatewayOptions> options, MssSmtpSender sender, TimeProvider time, TerminologyIndex terminology) : IDeliveryChannel
{
    private readonly DocumentBundleBuilder _documents = new(terminology);

    public RecipientChannel Channel => RecipientChannel.MsSante;

    public async Task<SendResult> SendAsync(LeasedDelivery delivery, string recipientId, RecipientOptions recipient, CancellationToken cancellationToken)
    {
        var mss = options.Value.Mss;
        var bundle = FhirJson.Deserialize<Bundle>(delivery.Payload);
        var now = time.GetUtcNow();
        var (document, title) = DocumentForm(bundle, now);
        var pdf = PlanPdfRenderer.Render(document ?? bundle, now);
        var xdm = XdmPackageWriter.Write(new XdmSubmission
        {
            PatientId = PatientId(bundle, mss.LocalPatientIdOid),
            UniqueId = UuidOid(SendingId(delivery)),
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
            UniqueId = UuidOid(id),
            ClassCode = mss.Xdm.ClassCode,
            TypeCode = mss.Xdm.TypeCode,
            FormatCode = mss.Xdm.FormatCode,
            HealthcareFacilityTypeCode = mss.Xdm.HealthcareFacilityTypeCode,
            PracticeSettingCode = mss.Xdm.PracticeSettingCode,
            ConfidentialityCode = mss.Xdm.ConfidentialityCode,
            CreationTime = now,
        };

        var fromDomain = mss.Sender.FromAddress.Split('@') is [_, var domain] ? domain : "pcpe.invalid";
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
            MessageId = MessageIdOf(delivery, fromDomain),
            DispositionNotificationTo = mss.AsksForReceipts ? mss.Receiver.MailboxAddress : null,
        };

        try
        {
            var message = new MssMessageBuilder(mss.Sender).Build(outgoing);
            if (mss.PickupDirectory is { } folder)
            {
                Directory.CreateDirectory(folder);
                await message.WriteToAsync(Path.Combine(folder, $"{delivery.Id:N}.eml"), cancellationToken);
                return new SendResult.Delivered($"written to pickup directory");
            }

            await sender.SendAsync(message, cancellationToken);
            return new SendResult.Delivered("accepted by the MSSanté SMTP server");
        }
        catch (MessageTooLargeException ex)
        {
            return new SendResult.Permanent(ex.Message);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            return new SendResult.Permanent($"SMTP {(int)ex.StatusCode} {ex.ErrorCode}");
        }
        catch (SmtpCommandException ex)
        {
            return new SendResult.Transient($"SMTP {(int)ex.StatusCode} {ex.ErrorCode}");
        }
        catch (MailTransportException ex)
        {
            return new SendResult.Transient(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.Security.AuthenticationException or TimeoutException)
        {
            return new SendResult.Transient($"mail transport: {ex.GetType().Name}");
        }
    }

    /// <summary>
    /// {delivery id}@{domain}, the same for every retry of one sending, so that a mail re-sent after a crash is
    /// recognisable downstream and DSN/MDN find their delivery. A replay is a new sending (the operator fixed
    /// what the hospital refused): it gets {delivery id}.{attempts before the replay}@{domain}, which a
    /// hospital software will not drop as a message it has already integrated.
    /// </summary>
    internal static string MessageIdOf(LeasedDelivery delivery, string domain)
        => delivery.AttemptsBeforeReplay == 0 ? $"{delivery.Id:N}@{domain}" : $"{delivery.Id:N}.{delivery.AttemptsBeforeReplay}@{domain}";

    /// <summary>Identifies one sending, for the XDM SubmissionSet.uniqueId (unique per submission in IHE XDS): the
    /// delivery id, and after a replay an id derived from it and the attempts made before the replay.</summary>
    private static Guid SendingId(LeasedDelivery delivery)
        => delivery.AttemptsBeforeReplay == 0 ? delivery.Id : DerivedId(delivery.Id, $"sending-{delivery.AttemptsBeforeReplay}");

    /// <summary>The delivery a Message-ID of <see cref="MessageIdOf"/> names, or null for any other Message-ID.</summary>
    internal static Guid? DeliveryOf(string messageId)
        => Guid.TryParseExact(messageId.Split('@')[0].Split('.')[0], "N", out var id) ? id : null;

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
        return $"{organization?.Name}^^^^^&1.2.250.1.71.4.2.2&ISO^IDNST^^^1{finess}";
    }

    /// <summary>A stable id for another rendering of the same submission (same input, same id).</summary>
    private static Guid DerivedId(Guid submissionId, string rendering)
        => new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"{submissionId:N}/{rendering}")));

    /// <summary>An OID from a UUID (ITU-T X.667: 2.25.{the UUID as an integer}).</summary>
    internal static string UuidOid(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }
}
