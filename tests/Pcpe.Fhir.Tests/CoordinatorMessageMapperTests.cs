using System.Text;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Messages;

namespace Pcpe.Fhir.Tests;

public class CoordinatorMessageMapperTests
{
    internal static CoordinatorMessage Message() => new()
    {
        MessageId = "abc@pcpe.test",
        SenderAddress = "coord.alice@pcpe.test",
        Subject = "Compte rendu",
        Text = "Visite du 20/11.",
        Sent = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(1)),
        Person = (FrenchIdentifierSystems.InsNir, "295109912611193"),
        Documents = [new MessageDocument("cr.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4"), "2.25.7")],
    };

    [Fact]
    public void A_message_maps_to_a_Communication_and_its_documents_addressed_by_Message_ID()
    {
        var bundle = CoordinatorMessageMapper.ToTransaction(Message());

        var communication = bundle.Entry.Select(e => e.Resource).OfType<Communication>().Single();
        Assert.Equal("mid:abc%40pcpe.test", communication.Identifier[0].Value);
        Assert.Equal("Patient?identifier=urn%3Aoid%3A1.2.250.1.213.1.4.8|295109912611193", communication.Subject!.Reference);
        var document = bundle.Entry.Select(e => e.Resource).OfType<DocumentReference>().Single();
        Assert.Equal("urn:oid:2.25.7", document.MasterIdentifier!.Value);
        Assert.Contains(communication.Payload, p => p.Content is ResourceReference r && r.Reference == bundle.Entry.Single(e => e.Resource is DocumentReference).FullUrl);
        Assert.DoesNotContain(bundle.Entry, e => e.Resource is Patient);
        Assert.All(bundle.Entry, e => Assert.Equal(Bundle.HTTPVerb.PUT, e.Request!.Method));
    }

    [Fact]
    public void The_mapped_bundle_survives_a_JSON_round_trip_through_the_SDK()
    {
        var json = FhirJson.Serialize(CoordinatorMessageMapper.ToTransaction(Message()));
        var parsed = FhirJson.Deserialize<Bundle>(json);
        Assert.Equal(json, FhirJson.Serialize(parsed));
    }
}
