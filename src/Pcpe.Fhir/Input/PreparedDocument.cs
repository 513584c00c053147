using Hl7.Fhir.Model;
using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Input;

/// <summary>A pushed document that passed every check, with its FHIR mapping.</summary>
/// <param name="Kind">plan, assessment, transition…</param>
/// <param name="DocumentId">The DUI's identifier of the document.</param>
/// <param name="Version">Its version.</param>
/// <param name="StructureFiness">The structure that owns it.</param>
/// <param name="Sharing">What the person was told and chose about sharing.</param>
/// <param name="Bundle">The mapped transaction Bundle.</param>
public sealed record PreparedDocument(
    string Kind,
    string DocumentId,
    int Version,
    string StructureFiness,
    SharingPreferences? Sharing,
    Bundle Bundle)
{
    /// <summary>The PCPE document it was mapped from, when it was one (not for coordinators' messages).</summary>
    public IPcpeDocument? Source { get; init; }

    /// <summary>The key the person is filed under in the sharing registries (<see cref="Sharing.PersonKeys"/>).</summary>
    public string? PersonKey { get; init; }
}

/// <summary>Either a prepared document or every problem found in the input.</summary>
public sealed record PreparationResult(PreparedDocument? Document, IReadOnlyList<InputIssue> Issues)
{
    public bool Succeeded => Document is not null && Issues.Count == 0;

    /// <summary>What the reader of a pushed Bundle assumed, and what it did not read (so did not relay).</summary>
    public IReadOnlyList<InputIssue> Warnings { get; init; } = [];
}
