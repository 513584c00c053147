using System.Collections.Frozen;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Terminology;
using FhirPathDateTime = Hl7.Fhir.ElementModel.Types.DateTime;
using Task = Hl7.Fhir.Model.Task;

namespace Pcpe.Fhir.Conformance;

/// <summary>
/// The FHIRPath invariants of profiles/, evaluated in C#. Written by hand on purpose: the Firely SDK's
/// FHIRPath evaluator takes 10–50 µs per invariant on a POCO, about 8 % of the gateway's CPU per
/// accepted push (docs/performance.md, session 22), and no other .NET FHIRPath engine is at hand.
/// Each is keyed by the exact expression text of its profile, so an edited expression is evaluated by
/// the SDK again until its equivalent here is updated. Each answers null ("not decided here") for what
/// it does not model (a primitive without a value, a date the SDK's parser refuses), which the SDK then
/// evaluates. NativeInvariantProperties checks every one against the SDK on random instances.
/// The answers follow the SDK's <c>Predicate</c>: an empty result holds, as FHIR invariants do.
/// </summary>
internal static class NativeInvariants
{
    private const string InsSystemPrefix = "urn:oid:1.2.250.1.213.1.4.";

    private static readonly FrozenDictionary<string, Func<Base, bool?>> ByExpression = new Dictionary<string, Func<Base, bool?>>
    {
        ["period.end.empty() or period.end >= period.start"] = PeriodEndNotBeforeStart,
        ["$this = 'active' or $this = 'inactive' or $this = 'entered-in-error'"] = DisclosureConsentStatus,
        ["provision.type = 'deny' and provision.provision.exists() and provision.provision.all(type.exists() and provision.empty())"] = DenyWithPermittedExceptions,
        ["status = 'active' or status = 'proposed'"] = ActiveOrProposedConsent,
        ["identifier.where(system.startsWith('urn:oid:1.2.250.1.213.1.4.')).count() <= 1"] = AtMostOneIns,
        ["identifier.where(system.startsWith('urn:oid:1.2.250.1.213.1.4.')).exists() implies extension.where(url = 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability').extension.where(url = 'identityStatus').value.ofType(Coding).code = 'QUAL'"] = InsOnlyOnQualifiedIdentity,
        ["name.family.exists() or name.text.exists()"] = NamedPractitioner,
        ["input.where(type.coding.code = 'service-setting').all(value.ofType(CodeableConcept).coding.system = 'https://pcpe-gateway.example/fhir/CodeSystem/pcpe-service-setting')"] = ServiceSettingFromItsCodeSystem,
        ["input.where(type.coding.code = 'hours-per-week').all(value.ofType(decimal) > 0)"] = PositiveWeeklyHours,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The C# equivalent of this FHIRPath expression, if there is one.</summary>
    public static Func<Base, bool?>? For(string expression) => ByExpression.GetValueOrDefault(expression);

    /// <summary>The expressions evaluated here.</summary>
    public static IEnumerable<string> Expressions => ByExpression.Keys;

    // What one evaluation reads; an element present without a value (extensions only) makes it undecided.
    private sealed class Reading
    {
        public bool Undecided { get; set; }

        // FHIRPath's value of a primitive: absent (empty), or its value.
        public string? Text(PrimitiveType? element)
        {
            if (element is null)
            {
                return null;
            }

            Undecided |= element.JsonValue is not string;
            return element.JsonValue as string;
        }

        public List<string> Texts(IEnumerable<PrimitiveType?> elements) => elements.Select(Text).OfType<string>().ToList();
    }

    private static bool? Decide(Func<Reading, bool?> fhirPath)
    {
        var reading = new Reading();
        var result = fhirPath(reading);
        return reading.Undecided ? null : result ?? true;
    }

    // A collection compared with one string: empty when the collection is, false unless it holds exactly that one.
    private static bool? SingleEquals(List<string> values, string expected)
        => values.Count == 0 ? null : values.Count == 1 && values[0] == expected;

    private static bool? Or(bool? left, bool? right)
        => left == true || right == true ? true : left == false && right == false ? false : null;

    private static bool? And(bool? left, bool? right)
        => left == false || right == false ? false : left == true && right == true ? true : null;

    // all(), as the SDK evaluates it: the first item whose criterion is not true decides, empty or false
    // (the specification would make an empty one false; the verdicts stay the SDK's).
    private static bool? All<T>(IEnumerable<T> items, Func<T, bool?> criterion)
    {
        foreach (var item in items)
        {
            if (criterion(item) is not true and var verdict)
            {
                return verdict;
            }
        }

        return true;
    }

    private static bool? PeriodEndNotBeforeStart(Base value) => value is not CarePlan plan ? null : Decide(read =>
    {
        if (read.Text(plan.Period?.EndElement) is not { } end)
        {
            return true;
        }

        if (read.Text(plan.Period!.StartElement) is not { } start)
        {
            return null;
        }

        if (!FhirPathDateTime.TryParse(end, out var endTime) || !FhirPathDateTime.TryParse(start, out var startTime))
        {
            read.Undecided = true;
            return null;
        }

        return endTime.TryCompareTo(startTime, out var comparison) && comparison is { } c ? c >= 0 : null;
    });

    private static bool? DisclosureConsentStatus(Base value) => value is not PrimitiveType status ? null : Decide(read
        => read.Text(status) is { } code ? code is "active" or "inactive" or "entered-in-error" : null);

    private static bool? DenyWithPermittedExceptions(Base value) => value is not Consent consent ? null : Decide(read =>
    {
        var provision = consent.Provision;
        var denies = read.Text(provision?.TypeElement) is { } type ? type == "deny" : (bool?)null;
        var nested = provision?.Provision ?? [];
        var exceptionsArePlain = All(nested, p => read.Text(p.TypeElement) is not null && p.Provision.Count == 0);
        return And(And(denies, nested.Count > 0), exceptionsArePlain);
    });

    private static bool? ActiveOrProposedConsent(Base value) => value is not Consent consent ? null : Decide(read
        => read.Text(consent.StatusElement) is { } status ? status is "active" or "proposed" : null);

    private static bool IsIns(Reading read, Identifier identifier) => read.Text(identifier.SystemElement)?.StartsWith(InsSystemPrefix, StringComparison.Ordinal) == true;

    private static bool? AtMostOneIns(Base value) => value is not Patient patient ? null : Decide(read
        => patient.Identifier.Count(i => IsIns(read, i)) <= 1);

    private static bool? InsOnlyOnQualifiedIdentity(Base value) => value is not Patient patient ? null : Decide(read =>
    {
        if (!patient.Identifier.Any(i => IsIns(read, i)))
        {
            return true;
        }

        var statuses = patient.Extension.Where(e => e.Url == FrenchIdentifierSystems.IdentityReliabilityExtension)
            .SelectMany(e => e.Extension.Where(s => s.Url == "identityStatus"))
            .Select(s => s.Value).OfType<Coding>();
        return SingleEquals(read.Texts(statuses.Select(c => c.CodeElement)), "QUAL");
    });

    private static bool? NamedPractitioner(Base value) => value is not Practitioner practitioner ? null : Decide(read
        => Or(read.Texts(practitioner.Name.Select(n => n.FamilyElement)).Count > 0, read.Texts(practitioner.Name.Select(n => n.TextElement)).Count > 0));

    private static IEnumerable<Task.ParameterComponent> InputsOfType(Reading read, Task task, string code)
        => task.Input.Where(i => SingleEquals(read.Texts((i.Type?.Coding ?? []).Select(c => c.CodeElement)), code) == true);

    private static bool? ServiceSettingFromItsCodeSystem(Base value) => value is not Task task ? null : Decide(read
        => All(InputsOfType(read, task, "service-setting"), i => SingleEquals(read.Texts(((i.Value as CodeableConcept)?.Coding ?? []).Select(c => c.SystemElement)), CodeSystems.ServiceSetting)));

    private static bool? PositiveWeeklyHours(Base value) => value is not Task task ? null : Decide(read
        => All(InputsOfType(read, task, "hours-per-week"), i =>
        {
            if (i.Value is not FhirDecimal hours)
            {
                return null;
            }

            read.Undecided |= hours.Value is null;
            return hours.Value > 0;
        }));
}
