namespace Pcpe.Fhir.Model;

/// <summary>The ESMS/PCPE structure that owns the document.</summary>
public sealed record Structure
{
    /// <summary>FINESS (9 characters) of the structure.</summary>
    public required string Finess { get; init; }

    /// <summary>Name as shown to recipients.</summary>
    public required string Name { get; init; }
}
