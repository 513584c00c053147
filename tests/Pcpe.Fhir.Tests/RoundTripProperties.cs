using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Tests;

/// <summary>
/// PCPE → FHIR (serialized, parsed again as a receiver would) → PCPE keeps every field of the contract.
/// The one deliberate loss: an INS whose identity is not qualified is never transmitted (FR Core).
/// </summary>
public class RoundTripProperties
{
    public static string Json(IPcpeDocument document) => JsonSerializer.Serialize(document, document.GetType(), PcpeJson.Options);

    private static IPcpeDocument Expected(IPcpeDocument document) => document switch
    {
        { Person.Ins.IdentityStatus: not "QUAL" } => document switch
        {
            SupportPlan p => p with { Person = p.Person with { Ins = null } },
            FunctionalAssessment a => a with { Person = a.Person with { Ins = null } },
            TransitionPlan t => t with { Person = t.Person with { Ins = null } },
            _ => document,
        },
        _ => document,
    };

    private static bool RoundTrips(IPcpeDocument document)
    {
        var prepared = SampleDocuments.Pipeline.Prepare(document);
        Assert.True(prepared.Succeeded, string.Join("; ", prepared.Issues.Select(i => $"{i.Path}: {i.Message}")));
        var received = FhirJson.Deserialize<Bundle>(FhirJson.SerializeToUtf8(prepared.Document!.Bundle));
        var issues = new List<InputIssue>();
        var back = Mapping.PcpeBundleReader.Read(received, issues);
        Assert.Empty(issues);
        Assert.Equal(Json(Expected(document)), Json(back!));
        return true;
    }

    [Property(MaxTest = 150)]
    public Property Support_plans_round_trip() => Prop.ForAll(DocumentGenerators.Plan.ToArbitrary(), p => RoundTrips(p));

    [Property(MaxTest = 150)]
    public Property Functional_assessments_round_trip() => Prop.ForAll(DocumentGenerators.Assessment.ToArbitrary(), a => RoundTrips(a));

    [Property(MaxTest = 150)]
    public Property Transition_plans_round_trip() => Prop.ForAll(DocumentGenerators.Transition.ToArbitrary(), t => RoundTrips(t));
}
