using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Terminology;
using Pcpe.Testing;

namespace Pcpe.Fhir.Tests;

/// <summary>
/// The official Bundle examples of the ANS TDDUI guide 2.3.0 (Fixtures/Tddui, SOURCE.md there), read as
/// POST /fhir reads them: what is taken, what is assumed and what is named as not relayed, entry by entry.
/// </summary>
public class TdduiExampleTests
{
    // Test deployments: the examples' structure 480787529 has no valid FINESS check digit.
    private static readonly DocumentPipeline Pipeline = new(TerminologyIndex.Embedded, new ValidationPolicy { AcceptTestIdentities = true }, ConformanceChecker.Embedded);

    private static byte[] Fixture(string name) => File.ReadAllBytes(TestEnvironment.TdduiExample(name));

    private static PreparationResult Push(byte[] json) => Pipeline.PreparePushedBundle(json);

    private static IEnumerable<T> Relayed<T>(PreparationResult result) => result.Document!.Bundle.Entry.Select(e => e.Resource).OfType<T>();

    private static SortedSet<int> NamedEntries(PreparationResult result)
        => [.. result.Warnings.Where(w => w.Path.EndsWith("].resource", StringComparison.Ordinal))
            .Select(w => int.Parse(w.Path["Bundle.entry[".Length..w.Path.IndexOf(']', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public void The_SSIAD_example_is_refused_because_stays_and_transports_are_no_PCPE_document()
    {
        var result = Push(Fixture("Bundle-tddui-bundle-example.json"));

        Assert.False(result.Succeeded);
        Assert.Equal(["Bundle.entry[2].resource", "Bundle.entry[3].resource"], result.Issues.Select(i => i.Path));
        Assert.All(result.Issues, i => Assert.StartsWith("this Encounter is not part of a PCPE document", i.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_IME_plan_is_taken_with_its_goals_and_agreement_and_nothing_invented()
    {
        var result = Push(Fixture("Bundle-tddui-pp-ime-bundle-example.json"));

        Assert.True(result.Succeeded, string.Join("; ", result.Issues.Select(i => $"{i.Path}: {i.Message}")));
        var goals = Relayed<Goal>(result).Select(g => g.Description!.Text).ToList();
        Assert.Equal(["Tolérer 20 min de cour avec casque anti‑bruit en 4 mois.", "Atteindre le niveau lecteur débutant (décodage syllabique) en 9 mois."], goals);
        var agreement = Relayed<Consent>(result).Single(c => c.Category.Any(x => x.Coding.Any(k => k.Code == "plan-agreement")));
        Assert.StartsWith("2024-01-15", agreement.DateTime, StringComparison.Ordinal);
        var patient = Relayed<Patient>(result).Single();
        Assert.Null(patient.Gender);
        Assert.Equal("2005-09-15", patient.BirthDate);
        var plan = Relayed<CarePlan>(result).Single();
        Assert.Equal("2024-01-15", plan.Period?.Start);
        Assert.Equal("PP", plan.Category[0].Coding[0].Code);
        Assert.Empty(Relayed<Hl7.Fhir.Model.Task>(result));
        Assert.Empty(OfficialFhirValidation.Problems(result.Document!.Bundle));

        // What was assumed, and what was not read, each where the sender put it.
        Assert.Contains(result.Warnings, w => w.Path == "Bundle.entry[2].resource.period.start" && w.Message.Contains("agreement date, 2024-01-15", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Path == "Bundle.entry[2].resource.category" && w.Message.Contains("PP", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Path == "Bundle.entry[0].resource.birthDate.extension");
        Assert.Contains(result.Warnings, w => w.Path == "Bundle.entry[3].resource.note[0]" && w.Message.Contains("titreObjectif", StringComparison.Ordinal));
        Assert.Equal([5, 6], NamedEntries(result));
        Assert.All(NamedEntries(result), i => Assert.Contains(result.Warnings, w => w.Path == $"Bundle.entry[{i}].resource" && w.Message.StartsWith("a TDDUI action Task", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_older_persons_plan_is_taken_and_every_entry_it_does_not_read_is_named()
    {
        var result = Push(Fixture("Bundle-tddui-pp-pa-bundle-example.json"));

        Assert.True(result.Succeeded, string.Join("; ", result.Issues.Select(i => $"{i.Path}: {i.Message}")));
        Assert.Equal(3, Relayed<Goal>(result).Count());
        Assert.Equal(AdministrativeGender.Female, Relayed<Patient>(result).Single().Gender);
        Assert.Empty(OfficialFhirValidation.Problems(result.Document!.Bundle));

        // Read: Patient, agreement Consent, CarePlan, the three objectives. Named: everything else.
        Assert.Equal("3 4 5 6 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24", string.Join(' ', NamedEntries(result)));
        Assert.Contains(result.Warnings, w => w.Path == "Bundle.entry[11].resource" && w.Message.StartsWith("an evaluation (QuestionnaireResponse)", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Path == "Bundle.entry[12].resource" && w.Message.Contains("JDV_J285", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Path == "Bundle.entry[21].resource" && w.Message.StartsWith("a TDDUI moyen-ressource Task", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broken_example_gets_every_problem_in_one_answer()
    {
        var bundle = JsonNode.Parse(Fixture("Bundle-tddui-pp-ime-bundle-example.json"))!;
        var patient = bundle["entry"]![0]!["resource"]!.AsObject();
        patient.Remove("birthDate");
        patient.Remove("_birthDate");
        patient["identifier"]![0]!["value"] = "3480787529/999";
        patient["name"]![0]!.AsObject().Remove("family");
        bundle["entry"]![2]!["resource"]!.AsObject().Remove("supportingInfo");

        var result = Push(System.Text.Encoding.UTF8.GetBytes(bundle.ToJsonString()));

        Assert.False(result.Succeeded);
        var paths = result.Issues.Select(i => i.Path).ToList();
        Assert.Contains("Bundle.entry[0].resource.identifier", paths);
        Assert.Contains("Bundle.entry[0].resource.birthDate", paths);
        Assert.Contains("Bundle.entry[2].resource.period.start", paths);
        Assert.Contains(paths, p => p.StartsWith("Bundle.entry[0].resource.name", StringComparison.Ordinal));
    }

    [Fact]
    public void A_transition_without_start_date_is_refused_at_its_FHIRPath()
    {
        var bundle = JsonNode.Parse(File.ReadAllBytes(TestEnvironment.ProfileExample("Bundle-transition-transaction.json")))!;
        bundle["entry"]![9]!["resource"]!["period"]!.AsObject().Remove("start");

        var result = Push(System.Text.Encoding.UTF8.GetBytes(bundle.ToJsonString()));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Issues, i => i.Path == "Bundle.entry[9].resource.period.start");
    }

    [Fact]
    public void A_missing_part_does_not_hide_the_problems_of_the_rest_of_its_resource()
    {
        var bundle = JsonNode.Parse(File.ReadAllBytes(TestEnvironment.ProfileExample("Bundle-plan-transaction.json")))!;
        var carePlan = bundle["entry"]![36]!["resource"]!;
        carePlan["period"]!.AsObject().Remove("start");
        carePlan.AsObject().Remove("supportingInfo"); // no agreement to take the start from
        var familySupport = carePlan["activity"]!.AsArray().First(a => a!["detail"] is not null)!["detail"]!;
        familySupport["scheduledPeriod"] = JsonNode.Parse("""{"start": "2028-01-01", "end": "2028-02-01"}""");

        var result = Push(System.Text.Encoding.UTF8.GetBytes(bundle.ToJsonString()));

        Assert.Contains(result.Issues, i => i.Path == "Bundle.entry[36].resource.period.start");
        Assert.True(result.Issues.Count >= 2, string.Join("; ", result.Issues.Select(i => $"{i.Path}: {i.Message}")));
        Assert.Contains(result.Issues, i => i.Path == "Bundle.entry[36].resource" && i.Message.Contains("outside the plan's period", StringComparison.Ordinal));
    }
}
