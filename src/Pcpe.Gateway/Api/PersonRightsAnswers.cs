using System.Text.Json;

namespace Pcpe.Gateway.Api;

// The JSON the consent and person-rights endpoints answer (SharingEndpoints), typed so that the OpenAPI
// document gives their schemas.

/// <summary>What <c>POST /fhir/Consent</c> recorded: the consent's identifier and version, whether that version is
/// new (false: the same content as the latest one), and how many queued deliveries it blocked.</summary>
public sealed record ConsentRecorded(string Identifier, int Version, bool Created, int QueuedDeliveriesBlocked);

/// <summary>One version of a person's consent in their history: what kind (care-team sharing or disclosure),
/// for which structure, its status, when and from where it was recorded, and the FHIR Consent itself.</summary>
public sealed record ConsentVersionAnswer(
    string Identifier, int Version, string Kind, string StructureFiness, string Status, DateTimeOffset RecordedAt, string Source, JsonElement Resource);

/// <summary>The person's disclosure report (right of access): what was disclosed, and what was refused, each
/// from the audit trail.</summary>
public sealed record DisclosureReport(IReadOnlyList<DisclosureEntry> Disclosures, IReadOnlyList<DisclosureEntry> Blocked);

/// <summary>One disclosure or blocked attempt: when, to whom, which document, on what legal basis (or why it was
/// refused), under which policy version, and the audit event's sequence number.</summary>
public sealed record DisclosureEntry(
    DateTimeOffset At, DisclosureRecipient Recipient, DisclosedDocument Document, string? LegalBasis, string? Reason, string? PolicyVersion, long AuditSequence);

/// <summary>A recipient as the report names it; its name and category when it is still configured.</summary>
public sealed record DisclosureRecipient(string Id, string? Name, string? Category);

/// <summary>A document as the report names it: its kind, the DUI's identifier and version.</summary>
public sealed record DisclosedDocument(string Kind, string Id, int Version);

/// <summary>What an erasure did: submissions whose payloads went, queued deliveries blocked, and deliveries being
/// sent at that moment (they end and are recorded as usual).</summary>
public sealed record ErasureReport(int SubmissionsErased, int DeliveriesBlocked, int DeliveriesInFlight);
