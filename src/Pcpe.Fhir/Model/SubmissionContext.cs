namespace Pcpe.Fhir.Model;

/// <summary>Who pushed a document to the gateway and when; becomes the Provenance of the mapped resources.</summary>
/// <param name="CallerId">The configured DUI client that pushed it.</param>
/// <param name="ReceivedAt">When the gateway received it.</param>
public sealed record SubmissionContext(string CallerId, DateTimeOffset ReceivedAt);
