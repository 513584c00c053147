using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Messages;
using Pcpe.Testing;

namespace Pcpe.Fhir.Tests;

/// <summary>
/// The transaction a "create only" receiver is sent: POST for what it does not hold, PUT by its own id for what
/// it does, and references by its ids; judged by the official validator and read back as the receiver would.
/// </summary>
public class CreateOnlyTransactionTests
{
    private static readonly Uri ReceiverBase = new("https://dui.example/fhir/");

    private static JsonNode RelayedPlan() => JsonNode.Parse(SampleDocuments.AsRelayed(SampleDocuments.Prepare(DocumentKinds.Plan, "plan-full.json")))!;

    [Fact]
    public void A_first_delivery_creates_every_entry_conditionally_on_its_business_identifier()
    {
        var transaction = RelayedPlan();
        var addresses = CreateOnlyTransaction.Addresses(transaction);

        CreateOnlyTransaction.Rewrite(transaction, new Dictionary<string, string>(), ReceiverBase);

        var bundle = FhirJson.Deserialize<Bundle>(transaction.ToJsonString());
        Assert.Equal(addresses.Count, bundle.Entry.Count);
        Assert.All(bundle.Entry, e =>
        {
            Assert.Equal(Bundle.HTTPVerb.POST, e.Request!.Method);
            Assert.Equal(e.Resource!.TypeName, e.Request!.Url);
            Assert.Null(e.Resource!.Id);
            Assert.StartsWith("urn:uuid:", e.FullUrl, StringComparison.Ordinal);
        });
        var patient = bundle.Entry.Single(e => e.Resource is Patient);
        var patientAddress = Assert.Single(addresses, a => a.StartsWith("Patient?identifier=", StringComparison.Ordinal));
        Assert.Equal(patientAddress["Patient?".Length..], patient.Request!.IfNoneExist);
        // The Provenance has no business identifier: it is created on a tag carrying its stable id.
        var provenance = bundle.Entry.Single(e => e.Resource is Provenance);
        var stableId = Assert.Single(addresses, a => a.StartsWith("Provenance/", StringComparison.Ordinal))["Provenance/".Length..];
        Assert.Contains(provenance.Resource!.Meta!.Tag, t => t.System == CreateOnlyTransaction.EntryTagSystem && t.Code == stableId);
        Assert.Equal($"_tag=https%3A%2F%2Fpcpe-gateway.example%2Ffhir%2Fsid%2Fentry|{stableId}", provenance.Request!.IfNoneExist);
        Assert.Empty(OfficialFhirValidation.Problems(bundle));
    }

    [Fact]
    public void What_the_receiver_holds_is_updated_by_its_id_and_referenced_by_it()
    {
        var transaction = RelayedPlan();
        var addresses = CreateOnlyTransaction.Addresses(transaction);
        var patientAddress = Assert.Single(addresses, a => a.StartsWith("Patient?", StringComparison.Ordinal));
        var planAddress = Assert.Single(addresses, a => a.StartsWith("CarePlan?", StringComparison.Ordinal));
        var patientUrn = transaction["entry"]!.AsArray().Single(e => e!["request"]!["url"]!.GetValue<string>() == patientAddress)!["fullUrl"]!.GetValue<string>();

        CreateOnlyTransaction.Rewrite(transaction, new Dictionary<string, string>
        {
            [patientAddress] = "Patient/p-17",
            [planAddress] = "CarePlan/88",
        }, ReceiverBase);

        var bundle = FhirJson.Deserialize<Bundle>(transaction.ToJsonString());
        var patient = bundle.Entry.Single(e => e.Resource is Patient);
        Assert.Equal((Bundle.HTTPVerb.PUT, "Patient/p-17", "p-17", "https://dui.example/fhir/Patient/p-17"),
            (patient.Request!.Method!.Value, patient.Request!.Url, patient.Resource!.Id, patient.FullUrl));
        Assert.Null(patient.Request!.IfNoneExist);
        var plan = (CarePlan)bundle.Entry.Single(e => e.Resource is CarePlan).Resource!;
        Assert.Equal("Patient/p-17", plan.Subject!.Reference);
        Assert.All(bundle.Entry.Select(e => e.Resource).OfType<Goal>(), goal => Assert.Equal("Patient/p-17", goal.Subject!.Reference));
        Assert.All(bundle.Entry.Where(e => e.Resource is not Patient and not CarePlan), e => Assert.Equal(Bundle.HTTPVerb.POST, e.Request!.Method));
        Assert.DoesNotContain(patientUrn, transaction.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(OfficialFhirValidation.Problems(bundle));
    }

    [Fact]
    public void A_message_refers_to_a_person_the_receiver_holds_by_its_id()
    {
        var transaction = JsonNode.Parse(FhirJson.Serialize(CoordinatorMessageMapper.ToTransaction(CoordinatorMessageMapperTests.Message())))!;
        var addresses = CreateOnlyTransaction.Addresses(transaction);
        var person = Assert.Single(addresses, a => a.StartsWith("Patient?", StringComparison.Ordinal));
        Assert.Equal(addresses.Count - 1, transaction["entry"]!.AsArray().Count);

        CreateOnlyTransaction.Rewrite(transaction, new Dictionary<string, string> { [person] = "Patient/42" }, ReceiverBase);

        var bundle = FhirJson.Deserialize<Bundle>(transaction.ToJsonString());
        Assert.Equal("Patient/42", bundle.Entry.Select(e => e.Resource).OfType<Communication>().Single().Subject!.Reference);
        Assert.Equal("Patient/42", bundle.Entry.Select(e => e.Resource).OfType<DocumentReference>().Single().Subject!.Reference);
    }

    [Fact]
    public void The_receiver_ids_are_read_from_each_entry_location_of_its_own_type_with_whether_it_created_them()
    {
        string[] addresses = ["Patient?identifier=a|1", "CarePlan?identifier=b|2", "Goal?identifier=c|3", "Goal?identifier=c|4", "Provenance/5f0c", "Task?identifier=d|5"];
        var answer = JsonNode.Parse("""
            {"resourceType":"Bundle","type":"transaction-response","entry":[
              {"response":{"status":"201 Created","location":"Patient/p-1/_history/1"}},
              {"response":{"status":"200 OK","location":"https://dui.example/fhir/CarePlan/9/_history/3"}},
              {"response":{"status":"201 Created","location":"Observation/7"}},
              {"response":{"status":"201 Created","location":"Goal/not an id"}},
              {"response":{"status":"201 Created","location":"Provenance/abc"}},
              {"response":{"status":"201 Created"}}
            ]}
            """)!;

        var ids = CreateOnlyTransaction.ReceiverIds(answer, addresses);

        Assert.Equal(
            [
                new CreateOnlyTransaction.ReceiverId("Patient?identifier=a|1", "Patient/p-1", Created: true),
                new CreateOnlyTransaction.ReceiverId("CarePlan?identifier=b|2", "CarePlan/9", Created: false),
                new CreateOnlyTransaction.ReceiverId("Provenance/5f0c", "Provenance/abc", Created: true),
            ],
            ids);
    }
}
