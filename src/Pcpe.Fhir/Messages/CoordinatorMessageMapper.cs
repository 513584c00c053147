using System.Security.Cryptography;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Mapping;

namespace Pcpe.Fhir.Messages;

/// <summary>
/// A coordinator's message → FHIR transaction: one Communication (the text, the sender, the documents
/// as payload references) and one DocumentReference per document, each a conditional update on a
/// business identifier derived from the Message-ID (RFC 2392 <c>mid:</c> URI), so relaying it twice
/// changes nothing. The person is referenced conditionally by identifier: a message carries no
/// demographics and must not overwrite the receiver's Patient.
/// </summary>
public static class CoordinatorMessageMapper
{
    public const string Kind = "mail";
    private const string UriSystem = "urn:ietf:rfc:3986";

    public static Bundle ToTransaction(CoordinatorMessage message)
    {
        var subject = new ResourceReference($"Patient?identifier={Uri.EscapeDataString(message.Person.System)}|{Uri.EscapeDataString(message.Person.Value)}");
        var mid = "mid:" + Uri.EscapeDataString(message.MessageId);
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        var references = new List<ResourceReference>();

        for (var i = 0; i < message.Documents.Count; i++)
        {
            var document = message.Documents[i];
            var identifier = new Identifier(UriSystem, $"{mid}/{i + 1}");
            var reference = new DocumentReference
            {
                Identifier = [identifier],
                MasterIdentifier = document.UniqueId is { } oid ? new Identifier(UriSystem, "urn:oid:" + oid) : null,
                Status = DocumentReferenceStatus.Current,
                Subject = subject,
                Date = message.Sent,
                Description = document.FileName,
                Content =
                [
                    new DocumentReference.ContentComponent
                    {
                        Attachment = new Attachment
                        {
                            ContentType = document.MimeType,
                            Data = document.Content,
                            Title = document.FileName,
                            // No Size: Firely 6 writes it as a JSON string (R5 integer64), which R4 parsers,
                            // its own included, refuse. The SHA-1 hash identifies the bytes.
                            Hash = SHA1.HashData(document.Content),
                        },
                    },
                ],
            };
            var fullUrl = StableUuid.Urn($"{identifier.System}|{identifier.Value}");
            Add(bundle, fullUrl, reference, identifier);
            references.Add(new ResourceReference(fullUrl));
        }

        var communicationIdentifier = new Identifier(UriSystem, mid);
        var communication = new Communication
        {
            Identifier = [communicationIdentifier],
            Status = EventStatus.Completed,
            Subject = subject,
            Sent = message.Sent.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            Sender = new ResourceReference { Display = message.SenderAddress },
            Topic = new CodeableConcept { Text = message.Subject },
            Payload =
            [
                .. message.Text is { Length: > 0 } text ? [new Communication.PayloadComponent { Content = new FhirString(text) }] : Array.Empty<Communication.PayloadComponent>(),
                .. references.Select(r => new Communication.PayloadComponent { Content = r }),
            ],
        };
        Add(bundle, StableUuid.Urn($"{UriSystem}|{mid}"), communication, communicationIdentifier);
        return bundle;
    }

    private static void Add(Bundle bundle, string fullUrl, Resource resource, Identifier identifier)
        => bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = fullUrl,
            Resource = resource,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = BusinessIdentifiers.ConditionalUrl(resource.TypeName, identifier) },
        });
}
