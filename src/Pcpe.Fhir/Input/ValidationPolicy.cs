namespace Pcpe.Fhir.Input;

/// <summary>Deployment choices that change what input is accepted.</summary>
public sealed record ValidationPolicy
{
    /// <summary>Accept INS with the test/demo OIDs (1.2.250.1.213.1.4.10/.11). Never in production.</summary>
    public bool AcceptTestIdentities { get; init; }

    /// <summary>The production default: test identities refused.</summary>
    public static ValidationPolicy Production { get; } = new();
}
