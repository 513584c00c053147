using FsCheck;
using FsCheck.Fluent;
using Hl7.FhirPath;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Terminology;
using Task = Hl7.Fhir.Model.Task;

namespace Pcpe.Fhir.Tests;

/// <summary>
/// The C# invariants give the Firely SDK's FHIRPath verdict on thousands of random instances of the
/// shapes each expression reads (absent, present without a value, several of them, partial dates and
/// offsets), and profiles/ has no invariant they miss.
/// </summary>
public class NativeInvariantProperties
{
    private const int Samples = 3000;
    private const string Ins = "urn:oid:1.2.250.1.213.1.4.8";

    private static readonly FhirPathCompiler Compiler = new();

    public static TheoryData<string> Expressions => [.. NativeInvariants.Expressions];

    [Fact]
    public void Every_invariant_of_the_profiles_has_its_equivalent_and_none_is_left_over()
    {
        var inProfiles = ProfileResources.Load<StructureDefinition>()
            .SelectMany(d => d.Differential?.Element ?? []).SelectMany(e => e.Constraint).Select(c => c.Expression).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(inProfiles.Order(StringComparer.Ordinal), NativeInvariants.Expressions.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Expressions))]
    public void The_equivalent_agrees_with_the_SDK_and_decides_the_usual_shapes(string expression)
    {
        var native = NativeInvariants.For(expression)!;
        var compiled = Compiler.Compile(expression);
        var verdicts = new List<bool>();
        foreach (var instance in Instances(expression).Sample(Samples, 8))
        {
            if (native(instance) is { } verdict)
            {
                Assert.True(verdict == ConformanceChecker.Evaluate(compiled, instance), $"{expression} on {Describe(instance)}: C# says {verdict}");
                verdicts.Add(verdict);
            }
        }

        // Undecided is for the rare shapes; both verdicts must have been compared.
        Assert.True(verdicts.Count > Samples * 0.6, $"decided {verdicts.Count} of {Samples}");
        Assert.Contains(true, verdicts);
        Assert.Contains(false, verdicts);
    }

    [Fact]
    public void A_primitive_present_without_a_value_is_left_to_the_SDK()
    {
        var patient = new Patient { Identifier = [new Identifier { SystemElement = Absent<FhirUri>() }] };

        Assert.Null(NativeInvariants.For("identifier.where(system.startsWith('urn:oid:1.2.250.1.213.1.4.')).count() <= 1")!(patient));
    }

    private static Gen<Base> Instances(string expression) => expression switch
    {
        _ when expression.StartsWith("period.", StringComparison.Ordinal) => CarePlans,
        _ when expression.StartsWith("$this", StringComparison.Ordinal) => ConsentStatus.Where(s => s is not null).Select(s => (Base)s!),
        _ when expression.StartsWith("provision.", StringComparison.Ordinal) => DisclosureConsents,
        _ when expression.StartsWith("status", StringComparison.Ordinal) => ConsentStatus.Select(s => (Base)(s is null ? new Consent() : new Consent { StatusElement = s })),
        _ when expression.StartsWith("identifier", StringComparison.Ordinal) => Patients,
        _ when expression.StartsWith("name", StringComparison.Ordinal) => Practitioners,
        _ when expression.StartsWith("input", StringComparison.Ordinal) => Tasks,
        _ => throw new InvalidOperationException($"no generator for {expression}: add one with the shapes it reads"),
    };

    private static string Describe(Base instance) => instance is Resource resource ? FhirJson.Serialize(resource) : $"{instance.TypeName} {instance}";

    // An element present without a value: an extension only (what FHIRPath still sees), or nothing at all.
    private static T Absent<T>()
        where T : PrimitiveType, new()
        => new() { Extension = [new Extension("http://hl7.org/fhir/StructureDefinition/data-absent-reason", new Code("unknown"))] };

    private static Gen<T?> Primitive<T>(Func<string, T> create, params string[] values)
        where T : PrimitiveType, new()
        => Gen.Frequency(
            (3, Gen.Constant<T?>(null)),
            (12, Gen.Elements(values).Select(v => (T?)create(v))),
            (1, Gen.Fresh(() => (T?)Absent<T>())));

    private static Gen<List<T>> ListOf<T>(Gen<T> item, int max) => Gen.Choose(0, max).SelectMany(n => item.ListOf(n).Select(l => l.ToList()));

    private static Gen<Base> CarePlans
        => from period in Gen.Frequency((1, Gen.Constant(false)), (9, Gen.Constant(true)))
           from start in Primitive(v => new FhirDateTime(v), "2024-05-01", "2024-05", "2024", "2024-05-01T10:00:00+02:00", "2024-05-01T08:00:00Z", "2024-05-01T09:30:00+01:00", "2023-12-31")
           from end in Primitive(v => new FhirDateTime(v), "2024-05-01", "2024-04-30", "2024-05", "2024-06", "2025", "2024-05-01T08:00:00Z", "2024-05-01T07:59:00Z", "2024-05-01T10:00:00+02:00", "soon")
           select (Base)new CarePlan { Period = period ? new Period { StartElement = start, EndElement = end } : null };

    private static Gen<Code<Consent.ConsentState>?> ConsentStatus
        => Primitive(v => new Code<Consent.ConsentState>(Enum.Parse<Consent.ConsentState>(v, ignoreCase: true)), "Active", "Inactive", "EnteredInError", "Draft", "Proposed", "Rejected");

    private static Gen<Code<Consent.ConsentProvisionType>?> ProvisionType
        => Primitive(v => new Code<Consent.ConsentProvisionType>(Enum.Parse<Consent.ConsentProvisionType>(v)), "Deny", "Deny", "Permit");

    private static Gen<Consent.provisionComponent> NestedProvision
        => from type in ProvisionType
           from deeper in ListOf(ProvisionType.Select(t => new Consent.provisionComponent { TypeElement = t }), 1)
           select new Consent.provisionComponent { TypeElement = type, Provision = deeper };

    private static Gen<Base> DisclosureConsents
        => from present in Gen.Frequency((1, Gen.Constant(false)), (9, Gen.Constant(true)))
           from type in ProvisionType
           from nested in ListOf(NestedProvision, 3)
           select (Base)new Consent { Provision = present ? new Consent.provisionComponent { TypeElement = type, Provision = nested } : null };

    private static Gen<Identifier> Identifiers
        => Primitive(v => new FhirUri(v), Ins, Ins, "urn:oid:1.2.250.1.213.1.4.9", "urn:oid:1.2.250.1.213.1.4", "urn:oid:1.2.250.1.71.4.2.7", "URN:OID:1.2.250.1.213.1.4.8")
            .Select(system => new Identifier { SystemElement = system, Value = "1" });

    private static Gen<Extension> StatusExtensions
        => from url in Gen.Elements("identityStatus", "identityStatus", "identityMethod")
           from kind in Gen.Choose(0, 4)
           from code in Primitive(v => new Code(v), "QUAL", "QUAL", "VALI", "PROV")
           select new Extension
           {
               Url = url,
               Value = kind switch
               {
                   0 => new FhirString("QUAL"),
                   1 => null,
                   _ => new Coding { System = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status", CodeElement = code },
               },
           };

    private static Gen<Base> Patients
        => from identifiers in ListOf(Identifiers, 3)
           from reliabilities in ListOf(
               from url in Gen.Elements(Identity.FrenchIdentifierSystems.IdentityReliabilityExtension, Identity.FrenchIdentifierSystems.IdentityReliabilityExtension, "https://example.org/other")
               from statuses in ListOf(StatusExtensions, 2)
               select new Extension { Url = url, Extension = statuses }, 2)
           select (Base)new Patient { Identifier = identifiers, Extension = reliabilities };

    private static Gen<Base> Practitioners
        => from names in ListOf(
               from family in Primitive(v => new FhirString(v), "Martin", "Durand")
               from text in Primitive(v => new FhirString(v), "Dr Martin")
               select new HumanName { FamilyElement = family, TextElement = text }, 2)
           select (Base)new Practitioner { Name = names };

    private static Gen<Task.ParameterComponent> Inputs
        => from codes in ListOf(Primitive(v => new Code(v), "service-setting", "service-setting", "hours-per-week", "hours-per-week", "frequency"), 2)
           from systems in ListOf(Primitive(v => new FhirUri(v), CodeSystems.ServiceSetting, CodeSystems.ServiceSetting, "https://example.org/settings"), 2)
           from hours in Primitive(v => new FhirDecimal(decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture)), "3", "0.5", "0", "-1")
           from kind in Gen.Choose(0, 4)
           select new Task.ParameterComponent
           {
               Type = new CodeableConcept { Coding = [.. codes.Select(c => new Coding { CodeElement = c })] },
               Value = kind switch
               {
                   0 or 1 => new CodeableConcept { Coding = [.. systems.Select(s => new Coding { SystemElement = s, Code = "home" })] },
                   2 => hours,
                   3 => new Integer(3),
                   _ => new FhirString("home"),
               },
           };

    private static Gen<Base> Tasks => ListOf(Inputs, 3).Select(inputs => (Base)new Task { Input = inputs });
}
