namespace Pcpe.Fhir.Conformance;

/// <summary>What a conformance check covers.</summary>
[Flags]
public enum ConformanceScope
{
    /// <summary>The rules of the profiles each resource claims (profiles/structuredefinitions).</summary>
    Profiles = 1,

    /// <summary>Base R4 cardinalities and primitive formats (the SDK's POCO validation): the slower part.</summary>
    BaseRules = 2,

    /// <summary>A resource claiming none of the gateway's profiles is an issue.</summary>
    RequireKnownProfile = 4,

    /// <summary>Everything: what tests and the CI use on every mapped document.</summary>
    Full = Profiles | BaseRules | RequireKnownProfile,
}
