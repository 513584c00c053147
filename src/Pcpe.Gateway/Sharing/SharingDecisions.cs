using Pcpe.Fhir;
using Pcpe.Fhir.Sharing;
using Pcpe.Gateway.Store;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Sharing;

/// <summary>
/// Feeds the pure decision (<see cref="SharingPolicy"/>) from the registries: the recipient's identity,
/// category and memberships, the person's consents, the minimisation policy in force, today in France.
/// Used at routing and again before every send and retry.
/// </summary>
public sealed class SharingDecisions(GatewayStore store, RecipientDirectory directory, MinimisationPolicy policy, ConsentTermsCache terms, TimeProvider time)
{
    private static readonly TimeZoneInfo France = FindFrance();

    /// <summary>The policy decisions are taken under.</summary>
    public MinimisationPolicy Policy => policy;

    /// <summary>The day periods are read against: the date in Europe/Paris.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), France).DateTime);

    /// <summary>Reads what the registry holds for a person (nothing for a person the gateway cannot identify).</summary>
    public async Task<PersonSharingState> LoadAsync(string? personRef, CancellationToken cancellationToken)
        => personRef is null ? PersonSharingState.Empty : (await LoadAsync([personRef], cancellationToken))[personRef];

    /// <summary>Reads what the registry holds for several persons at once (a lease round's), in one query.</summary>
    public async Task<IReadOnlyDictionary<string, PersonSharingState>> LoadAsync(IReadOnlyCollection<string> personRefs, CancellationToken cancellationToken)
    {
        var registries = await store.PersonRegistriesAsync(personRefs, cancellationToken);
        return registries.ToDictionary(r => r.Key, r => StateOf(r.Value), StringComparer.Ordinal);
    }

    /// <summary>What decisions read of a person's registry as the store returned it (consents opened only when
    /// their content is not already known).</summary>
    public PersonSharingState StateOf(PersonRegistry registry)
        => new(
            registry.Consents.Select(Terms).ToList(),
            registry.Memberships.Select(Membership).ToList());

    /// <summary>
    /// What decisions read of a person's registry once a document counts: the registry's consents the document
    /// brings no new version of, then the document's own consents and care-team memberships. A superseded consent
    /// is never opened: a person's next plan supersedes their care-team sharing record, and reading the old one
    /// back (a cache look-up, or decrypting and parsing it once the cache has let it go) would be wasted.
    /// </summary>
    public PersonSharingState StateWith(PersonRegistry registry, IReadOnlyList<ConsentTerms> documentConsents, IEnumerable<(string RecipientId, CareTeamMembership Membership)> documentMemberships)
        => new(
            [.. registry.Consents.Where(c => documentConsents.All(n => n.Identifier != c.Identifier)).Select(Terms), .. documentConsents],
            [.. registry.Memberships.Select(Membership), .. documentMemberships]);

    private static (string RecipientId, CareTeamMembership Membership) Membership(StoredMembership membership)
        => (membership.RecipientId, new CareTeamMembership(null, membership.Start, membership.End));

    private ConsentTerms Terms(LatestConsent consent)
        => terms.Get(consent.ContentSha256, consent.Identifier, consent.Kind, consent.StructureFiness, () => Read(consent));

    // The terms stored with the consent, when written in this version's format for this very registry row; otherwise
    // (a version recorded before terms were stored, or under another format) read from the Consent itself.
    private ConsentTerms Read(LatestConsent consent)
        => consent.SealedTerms is { } sealedTerms
           && ConsentTermsJson.Read(store.Unseal(sealedTerms)) is { } stored
           && stored.Identifier == consent.Identifier && stored.Kind == consent.Kind && stored.StructureFiness == consent.StructureFiness
            ? stored
            : ConsentTerms.Of(new ConsentRecord(consent.Identifier, consent.Kind, consent.StructureFiness, FhirJson.Deserialize<Hl7.Fhir.Model.Consent>(store.Unseal(consent.SealedResource))));

    /// <summary>Keeps the terms of consents a document brings, for the decisions that read them back (its sends).</summary>
    public void Remember(IEnumerable<(byte[] Json, ConsentTerms Terms)> consents)
    {
        foreach (var (json, read) in consents)
        {
            terms.Remember(json, read);
        }
    }

    /// <summary>Decides one document for one recipient and, when permitted, minimises <paramref name="payload"/> for it;
    /// <paramref name="emergency"/> is whether the document itself flags an emergency (R1110-3).</summary>
    public SharingDecision Decide(string recipientId, string structureFiness, string kind, bool emergency, PersonSharingState person, byte[]? payload)
    {
        var recipient = directory.Profile(recipientId, structureFiness, person.Memberships.Where(m => m.RecipientId == recipientId).Select(m => m.Membership));
        var (careTeam, consents) = ConsentRecords.ToDecisionInputs(person.Consents, structureFiness, emergency);
        var request = new SharingRequest(DataClasses.OfKind(kind), structureFiness, recipient, careTeam, consents, Today);
        return payload is null ? SharingPolicy.Decide(request, policy) : SharingPolicy.Decide(request, policy, payload);
    }

    /// <summary>Whether a submission's stored sharing choices (JSON) flag an emergency.</summary>
    public static bool EmergencyOf(string? sharingJson)
        => sharingJson is not null && System.Text.Json.JsonSerializer.Deserialize<Pcpe.Fhir.Model.SharingPreferences>(sharingJson, Pcpe.Fhir.Input.PcpeJson.Options)?.Emergency == true;

    /// <summary>The audit record of a decision about one delivery.</summary>
    public AuditRecord Audit(SharingDecision decision, string personRef, string recipientId, Guid deliveryId, string kind, string documentId, int version, string? reason = null)
    {
        var at = time.GetUtcNow();
        var category = directory.Find(recipientId)?.Category;
        var why = reason ?? decision.Reason;
        var auditEvent = DisclosureAuditEvent.Build(decision.Permitted, at, personRef, recipientId, category, kind, documentId, version, deliveryId, decision.LegalBasis, why, decision.PolicyVersion);
        return new AuditRecord(at, personRef, decision.Permitted ? "disclosed" : "blocked", recipientId, deliveryId, kind, documentId, version,
            decision.LegalBasis, why, decision.PolicyVersion, FhirJson.Serialize(auditEvent));
    }

    private static TimeZoneInfo FindFrance()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
