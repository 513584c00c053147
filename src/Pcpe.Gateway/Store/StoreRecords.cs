using Pcpe.Gateway.Domain;

namespace Pcpe.Gateway.Store;

/// <summary>A submission to store: what came in, already validated and mapped. <c>Sharing</c> is the
/// person's sharing preferences as JSON, kept to decide the legal basis again at send time.</summary>
public sealed record NewSubmission(
    Guid Id,
    string ClientId,
    string Kind,
    string DocumentId,
    int DocumentVersion,
    string? IdempotencyKey,
    string ContentSha256,
    string StructureFiness,
    DateTimeOffset ReceivedAt,
    byte[] Document,
    string? Sharing = null)
{
    /// <summary>Keyed hash of the person the document is about (<see cref="PayloadProtector.PersonRef"/>).</summary>
    public string? PersonRef { get; init; }

    /// <summary>Consents the document records, stored in the registry with it (a new version when changed).</summary>
    public IReadOnlyList<ConsentToStore> Consents { get; init; } = [];

    /// <summary>Care-team memberships the document gives registered recipients (replace the person's earlier ones from this structure).</summary>
    public IReadOnlyList<MembershipToStore> Memberships { get; init; } = [];

    /// <summary>Audit events of the routing decision (blocked deliveries), appended with the submission.</summary>
    public IReadOnlyList<AuditRecord> Audit { get; init; } = [];

    /// <summary>The version of the person's registry its deliveries were decided from; null: not checked.</summary>
    public long? DecidedAtRegistryVersion { get; init; }
}

/// <summary>One version of a consent to keep in the registry; <c>Resource</c> is the standalone FHIR
/// Consent as JSON, <c>Terms</c> what decisions read of it (<c>ConsentTermsJson</c>; both encrypted by the
/// store), <c>Source</c> where it came from (a submission, the API).</summary>
public sealed record ConsentToStore(string Identifier, string PersonRef, string Kind, string StructureFiness, string Status, byte[] Resource, byte[]? Terms, string Source)
{
    /// <summary>Recording it can only widen what may be shared (<c>ConsentTerms.OnlyWidens</c>): a decision taken
    /// without it stays safe, so it does not count as a change of the registry's version.</summary>
    public bool OnlyWidens { get; init; }
}

/// <summary>A recipient's membership of a person's care team, from one structure's document.</summary>
public sealed record MembershipToStore(string RecipientId, string StructureFiness, DateOnly? Start, DateOnly? End);

/// <summary>The latest version of one of a person's consents, its resource and terms still sealed (<see cref="PayloadProtector.Unprotect"/>
/// opens them); no terms for a version recorded before they were stored.</summary>
public sealed record LatestConsent(string Identifier, string Kind, string StructureFiness, string ContentSha256, byte[] SealedResource, byte[]? SealedTerms);

/// <summary>A registered recipient's membership of a person's care team, as one structure's latest document gave it.</summary>
public sealed record StoredMembership(string RecipientId, string StructureFiness, DateOnly? Start, DateOnly? End);

/// <summary>What the registry holds for one person: the latest version of each consent and the care-team memberships.</summary>
public sealed record PersonRegistry(IReadOnlyList<LatestConsent> Consents, IReadOnlyList<StoredMembership> Memberships)
{
    /// <summary>Nothing recorded for the person.</summary>
    public static PersonRegistry Empty { get; } = new([], []);

    /// <summary>How many writes that can narrow sharing the registry had when read (0: none): a submission decided
    /// from it is stored only if it still has that many (<see cref="NewSubmission.DecidedAtRegistryVersion"/>).</summary>
    public long Version { get; init; }
}

/// <summary>One consent version as the registry returns it, decrypted.</summary>
public sealed record StoredConsent(string Identifier, int Version, string Kind, string StructureFiness, string Status, DateTimeOffset RecordedAt, string Source, byte[] Resource)
{
    /// <summary>SHA-256 (hex) of <see cref="Resource"/>: the same content, whatever the version or person.</summary>
    public string ContentSha256 { get; init; } = string.Empty;
}

/// <summary>
/// One disclosure or blocked attempt for the audit trail (IHE BALP PrivacyDisclosure). <c>Event</c> is the
/// AuditEvent as FHIR JSON; the other fields are what the person's disclosure report lists.
/// </summary>
public sealed record AuditRecord(
    DateTimeOffset RecordedAt,
    string PersonRef,
    string Outcome,
    string RecipientId,
    Guid DeliveryId,
    string Kind,
    string DocumentId,
    int DocumentVersion,
    string? LegalBasis,
    string? Reason,
    string? PolicyVersion,
    string Event);

/// <summary>A delivery to create with its submission, with the routing decision already taken.</summary>
public sealed record NewDelivery(
    Guid Id,
    string RecipientId,
    string Channel,
    DeliveryStatus Status,
    string? LegalBasis,
    string? DecisionReason,
    byte[]? Payload)
{
    /// <summary>Where to send when not the recipient's configured address (a transition's destination).</summary>
    public string? Address { get; init; }

    /// <summary>Version of the minimisation policy the routing decision was taken under.</summary>
    public string? PolicyVersion { get; init; }
}

/// <summary>What storing a submission did.</summary>
public enum InsertResult
{
    /// <summary>Stored now, with its deliveries.</summary>
    Created,
    /// <summary>The same document (same caller, id, version, content) was stored before: nothing new.</summary>
    Duplicate,
    /// <summary>Same caller, id and version but different content: refused.</summary>
    Conflict,
    /// <summary>The person's registry changed since the deliveries were decided, in a way that can narrow sharing:
    /// nothing stored, decide again.</summary>
    RegistryChanged,
}

/// <summary>The outcome of storing a submission and the tracking id that stands for it.</summary>
public sealed record InsertOutcome(InsertResult Result, Guid SubmissionId)
{
    /// <summary>The identifiers of the person's consents that got a new version (a re-pushed, unchanged one does not).</summary>
    public IReadOnlyList<string> ChangedConsents { get; init; } = [];

    /// <summary>Deliveries of the person's earlier submissions were still queued when this one was stored:
    /// only then can a consent change block anything before its send-time decision.</summary>
    public bool EarlierQueued { get; init; }
}

/// <summary>A delivery leased by a worker, with what it must send.</summary>
/// <param name="Id">The delivery.</param>
/// <param name="SubmissionId">The submission it delivers.</param>
/// <param name="RecipientId">The configured recipient.</param>
/// <param name="Channel">FhirRest or MsSante.</param>
/// <param name="Attempts">Number of this attempt over the delivery's life (the history's key).</param>
/// <param name="AttemptsSinceReplay">Attempts counted against the retry budget (since the last replay).</param>
/// <param name="CreatedAt">When the delivery was committed with its submission (start of the end-to-end latency).</param>
/// <param name="Payload">The document decided for this recipient at routing.</param>
/// <param name="StructureFiness">The structure that owns the document.</param>
/// <param name="Sharing">The person's sharing preferences (JSON) recorded with the submission.</param>
public sealed record LeasedDelivery(Guid Id, Guid SubmissionId, string RecipientId, string Channel, int Attempts, int AttemptsSinceReplay, DateTimeOffset CreatedAt, byte[] Payload, string StructureFiness, string? Sharing)
{
    /// <summary>Where to send when not the recipient's configured address (a transition's destination).</summary>
    public string? Address { get; init; }

    /// <summary>Keyed hash of the person (null for submissions stored before the registry existed).</summary>
    public string? PersonRef { get; init; }

    /// <summary>The submission's document kind (plan, assessment, transition, message).</summary>
    public string Kind { get; init; } = string.Empty;

    public string DocumentId { get; init; } = string.Empty;

    public int DocumentVersion { get; init; }

    /// <summary>Attempts made before the last replay (0 until a replay): the same for every retry of one sending.</summary>
    public int AttemptsBeforeReplay => Attempts - AttemptsSinceReplay;
}

/// <summary>Whom a delivery went to: its recipient, and the address it named when not the recipient's configured one.</summary>
public sealed record DeliveryAddressee(string RecipientId, string? Address);

/// <summary>A delivery still queued for a person, to be decided again after a consent changed.</summary>
public sealed record QueuedDelivery(Guid Id, Guid SubmissionId, string RecipientId, string StructureFiness, string Kind, string DocumentId, int DocumentVersion, string? Sharing);

/// <summary>One line of a person's disclosure report: who received what, when, on which basis (or why not).</summary>
public sealed record DisclosureView(
    long Sequence,
    DateTimeOffset At,
    string Outcome,
    string RecipientId,
    string Kind,
    string DocumentId,
    int DocumentVersion,
    string? LegalBasis,
    string? Reason,
    string? PolicyVersion);

/// <summary>What verifying the audit chain found.</summary>
/// <param name="Events">Events checked.</param>
/// <param name="FirstBrokenSequence">The first event whose hash does not follow from its content and its predecessor; null when intact.</param>
public sealed record AuditVerification(long Events, long? FirstBrokenSequence)
{
    public bool Intact => FirstBrokenSequence is null;
}

/// <summary>A submission as operators and callers see it.</summary>
public sealed record SubmissionView(
    Guid Id,
    string ClientId,
    string Kind,
    string DocumentId,
    int DocumentVersion,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<DeliveryView> Deliveries);

/// <summary>One delivery as operators and callers see it (no payload). <c>Receipt</c> is what the receiver
/// reported afterwards by mail (DSN/MDN), when it did.</summary>
public sealed record DeliveryView(
    Guid Id,
    string RecipientId,
    string Channel,
    DeliveryStatus Status,
    string? LegalBasis,
    string? DecisionReason,
    int Attempts,
    string? LastError,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? Receipt);

/// <summary>A delivery as an operator lists it (dead letters, blocked), without payload.</summary>
public sealed record OperatorDeliveryView(
    Guid Id,
    Guid SubmissionId,
    string RecipientId,
    string Channel,
    DeliveryStatus Status,
    int Attempts,
    string? LastError,
    string? DecisionReason,
    string? Receipt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The document kind of its submission, where the query read it.</summary>
    public string? Kind { get; init; }
}

/// <summary>Which deliveries an operator lists: a status, optionally one recipient, a page of at most
/// <paramref name="Limit"/> from after <paramref name="After"/> (the start when null).</summary>
public sealed record DeliveryListQuery(DeliveryStatus Status, string? RecipientId, DeliveryListCursor? After, int Limit)
{
    /// <summary>Only deliveries of this document kind (plan, assessment, transition…).</summary>
    public string? Kind { get; init; }

    /// <summary>Only deliveries last changed at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only deliveries last changed before this time.</summary>
    public DateTimeOffset? Until { get; init; }
}

/// <summary>A page of deliveries, and where the next page starts (null on the last page).</summary>
public sealed record DeliveryListPage(IReadOnlyList<OperatorDeliveryView> Deliveries, DeliveryListCursor? Next);

/// <summary>Where a page of deliveries ended: the last one's change time (Unix ms) and id, the list's order.
/// Written as an opaque token in the API (<c>?after=</c>) so that callers do not build it themselves.</summary>
public sealed record DeliveryListCursor(long UpdatedAt, Guid Id)
{
    public string Token => System.Buffers.Text.Base64Url.EncodeToString(
        System.Text.Encoding.ASCII.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{UpdatedAt}.{Id:N}")));

    /// <summary>The cursor a <see cref="Token"/> names, or null when the text is not one.</summary>
    public static DeliveryListCursor? FromToken(string token)
    {
        byte[] bytes;
        try
        {
            bytes = System.Buffers.Text.Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }

        var parts = System.Text.Encoding.ASCII.GetString(bytes).Split('.');
        return parts.Length == 2
            && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var updatedAt)
            && Guid.TryParseExact(parts[1], "N", out var id)
                ? new DeliveryListCursor(updatedAt, id)
                : null;
    }
}

/// <summary>What replaying a recipient's dead letters did: how many went back in the queue, and how many
/// stay dead letters because their payload is gone (retention or erasure: the DUI must push again).</summary>
public sealed record DeadLetterReplay(int Replayed, int NotReplayable);

/// <summary>Deliveries still to be sent, and dead letters by recipient (those with none are absent).</summary>
public sealed record QueueCounts(long Queued, IReadOnlyDictionary<string, long> DeadLettersByRecipient);

/// <summary>What an erasure did: submissions whose payloads went, deliveries blocked before they were sent,
/// and deliveries being sent at that moment (recorded by their worker as they end).</summary>
public sealed record PersonErasure(int Submissions, IReadOnlyList<QueuedDelivery> Blocked, int InFlight);
