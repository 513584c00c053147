namespace Pcpe.Gateway.Api;

/// <summary>The answer to an accepted push (<c>202</c>): the submission to follow at <c>/api/v1/submissions/{submissionId}</c>
/// (also the <c>Location</c> header); <paramref name="AlreadyKnown"/> when the same document version, or the same
/// Idempotency-Key, had been received before; <paramref name="Warnings"/>, for a FHIR Bundle, what the gateway had to
/// assume and what it did not read (so does not relay), each at its FHIRPath in the Bundle.</summary>
public sealed record SubmissionAcceptance(Guid SubmissionId, string Status, bool AlreadyKnown, IReadOnlyList<SubmissionWarning> Warnings);
