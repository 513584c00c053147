using Hl7.Fhir.Model;
using Pcpe.Fhir;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Sharing;
using Pcpe.Gateway.Api.Security;
using Pcpe.Gateway.Sharing;
using Pcpe.Gateway.Store;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Api;

/// <summary>
/// The consent registry (<c>POST /fhir/Consent</c>, history) and the person's rights: the disclosure
/// report (right of access) and the erasure of payloads. Persons are named by INS
/// (<c>/api/v1/persons/{ins}</c>) or, without a qualified INS, by structure and local identifier
/// (<c>/api/v1/persons/local/{finess}/{localId}</c>).
/// </summary>
public static class SharingEndpoints
{
    private const long MaxConsentBytes = 256 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/fhir/Consent", RecordConsentAsync)
            .Reads("Consent", MaxConsentBytes, "The person's consent to disclosure outside the care team, a refusal, or a withdrawal (status inactive); see docs/sharing.md.")
            .WithTags("Consents").WithSummary("Record a consent, a refusal or a withdrawal; queued deliveries that lose their legal basis are blocked at once")
            .RequireAuthorization(CallerPolicies.DuiClient)
            .AnswersJson<ConsentRecorded>(StatusCodes.Status201Created, "A new version of the consent: its identifier, version and how many queued deliveries it blocked. Operators read the person's history at /api/v1/persons/{ins}/consents.")
            .AnswersJson<ConsentRecorded>(StatusCodes.Status200OK, "The same content as the latest version: nothing new recorded.")
            .Answers(StatusCodes.Status400BadRequest, "Not a readable FHIR Consent.")
            .Answers(StatusCodes.Status403Forbidden, "The caller may not record consents for that structure.")
            .Answers(StatusCodes.Status422UnprocessableEntity, "A Consent the gateway cannot act on (person, structure, provisions, profile rules).");
        foreach (var prefix in new[] { "/api/v1/persons/{ins}", "/api/v1/persons/local/{finess}/{localId}" })
        {
            var person = app.MapGroup(prefix).RequireAuthorization(CallerPolicies.Operator);
            person.MapGet("/consents", ConsentsAsync).ForPerson<IReadOnlyList<ConsentVersionAnswer>>("The person's consent history, every version");
            person.MapGet("/disclosures", DisclosuresAsync).ForPerson<DisclosureReport>("For the person's right of access: every disclosure and every blocked attempt, from the audit trail");
            person.MapPost("/erasure", EraseAsync).ForPerson<ErasureReport>("Erase the person's payloads (the audit stays); queued deliveries are blocked");
        }

        app.MapGet("/api/v1/audit/verify", VerifyAsync)
            .WithTags("Operations").WithSummary("Recompute the hash chain of the disclosure audit")
            .RequireAuthorization(CallerPolicies.Operator)
            .AnswersJson<AuditVerificationAnswer>(StatusCodes.Status200OK, "The chain is intact: how many events.")
            .AnswersJson<AuditVerificationAnswer>(StatusCodes.Status409Conflict, "The chain is broken: the first broken event.");
    }

    private static RouteHandlerBuilder ForPerson<TAnswer>(this RouteHandlerBuilder endpoint, string summary) => endpoint
        .WithTags("Persons").WithSummary(summary)
        .WithDescription("The person is named by a qualified INS, or without one by structure FINESS and local identifier.")
        .AnswersJson<TAnswer>(StatusCodes.Status200OK, summary + ".")
        .Answers(StatusCodes.Status400BadRequest, "The person is not validly named (INS key, FINESS check digit).");

    /// <summary>Records a consent (or a change of it: withdrawal is status inactive) and stops queued deliveries that lost their basis.</summary>
    private static async Task<IResult> RecordConsentAsync(HttpContext context, GatewayStore store, SharingEnforcer enforcer, ConformanceChecker checker, ValidationPolicy policy, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = context.User.Caller();

        var read = await JsonRequestBody.ReadAsync(context.Request, MaxConsentBytes, "a Consent is limited to 256 KB", cancellationToken);
        if (read.Body is not { } body)
        {
            return read.Refusal!;
        }

        var issues = new List<InputIssue>();
        if (FhirInput.Read<Consent>(body, issues) is not { } consent)
        {
            return FhirResults.Resource(OperationOutcomes.FromIssues(issues), StatusCodes.Status400BadRequest);
        }

        var record = ConsentRecords.FromStandalone(consent, policy, issues, out var personKey);
        if (record is null || personKey is null)
        {
            return FhirResults.Resource(OperationOutcomes.FromIssues(issues), StatusCodes.Status422UnprocessableEntity);
        }

        if (!caller.MayPushFor(record.StructureFiness))
        {
            return FhirResults.Outcome(OperationOutcome.IssueType.Forbidden, "this client may not record consents for that structure", StatusCodes.Status403Forbidden);
        }

        // The profile rules apply as to a pushed bundle; the gateway claims its profile when the client did not.
        consent.Meta ??= new Meta();
        var profile = ConsentRecords.ProfileOf(record.Kind);
        if (!consent.Meta.Profile.Contains(profile))
        {
            consent.Meta.Profile = [.. consent.Meta.Profile, profile];
        }

        var wrapped = new Bundle { Type = Bundle.BundleType.Collection, Entry = [new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid(), Resource = consent }] };
        var problems = checker.Check(wrapped, ConformanceScope.Profiles);
        if (problems.Count > 0)
        {
            return FhirResults.Resource(OperationOutcomes.FromIssues(problems.Select(p => new InputIssue(p.Location.Replace("Bundle.entry[0].resource", "Consent", StringComparison.Ordinal), p.Message, InputIssueKind.Invalid))), StatusCodes.Status422UnprocessableEntity);
        }

        var personRef = store.PersonRefOf(personKey);
        var terms = ConsentTerms.Of(record);
        consent.Id = null;
        var (version, created) = await store.RecordConsentAsync(
            new ConsentToStore(record.Identifier, personRef, record.Kind, record.StructureFiness, ConsentRecords.StatusOf(record), FhirJson.SerializeToUtf8(consent), ConsentTermsJson.Write(terms), $"api:{caller.ClientId}")
            {
                OnlyWidens = terms.OnlyWidens,
            },
            time.GetUtcNow(),
            cancellationToken);
        var blocked = created ? await enforcer.ReviewQueuedAsync(personRef, null, cancellationToken) : 0;
        // No Location: the gateway serves no Consent back to DUI clients; operators read the person's history.
        return Results.Json(new ConsentRecorded(record.Identifier, version, created, blocked), statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> ConsentsAsync(HttpContext context, GatewayStore store, CancellationToken cancellationToken)
    {
        var (personRef, refusal) = PersonOf(context, store);
        if (refusal is not null)
        {
            return refusal;
        }

        var history = await store.ConsentHistoryAsync(personRef, cancellationToken);
        return Results.Json(history.Select(c => new ConsentVersionAnswer(
            c.Identifier, c.Version, c.Kind, c.StructureFiness, c.Status, c.RecordedAt, c.Source, System.Text.Json.JsonDocument.Parse(c.Resource).RootElement)).ToList());
    }

    private static async Task<IResult> DisclosuresAsync(HttpContext context, GatewayStore store, RecipientDirectory directory, CancellationToken cancellationToken)
    {
        var (personRef, refusal) = PersonOf(context, store);
        if (refusal is not null)
        {
            return refusal;
        }

        var events = await store.DisclosuresAsync(personRef, cancellationToken);
        return Results.Json(new DisclosureReport(
            events.Where(e => e.Outcome == "disclosed").Select(e => Entry(e, directory)).ToList(),
            events.Where(e => e.Outcome == "blocked").Select(e => Entry(e, directory)).ToList()));
    }

    private static DisclosureEntry Entry(DisclosureView e, RecipientDirectory directory)
    {
        var recipient = directory.Find(e.RecipientId);
        return new DisclosureEntry(
            e.At,
            new DisclosureRecipient(e.RecipientId, recipient?.DisplayName, recipient is null ? null : RecipientCategories.Code(recipient.Category)),
            new DisclosedDocument(e.Kind, e.DocumentId, e.DocumentVersion),
            e.LegalBasis,
            e.Reason,
            e.PolicyVersion,
            e.Sequence);
    }

    private static async Task<IResult> EraseAsync(HttpContext context, GatewayStore store, TimeProvider time, ILogger<GatewayStore> logger, CancellationToken cancellationToken)
    {
        var (personRef, refusal) = PersonOf(context, store);
        if (refusal is not null)
        {
            return refusal;
        }

        var erasure = await store.ErasePersonAsync(personRef, time.GetUtcNow(), cancellationToken);
        GatewayLog.PersonErased(logger, erasure.Submissions, erasure.Blocked.Count, erasure.InFlight, context.User.Caller().ClientId);
        return Results.Json(new ErasureReport(erasure.Submissions, erasure.Blocked.Count, erasure.InFlight));
    }

    private static async Task<IResult> VerifyAsync(HttpContext context, GatewayStore store, CancellationToken cancellationToken)
    {
        var result = await store.VerifyAuditAsync(cancellationToken);
        return Results.Json(AuditVerificationAnswer.From(result), statusCode: result.Intact ? 200 : 409);
    }

    // The person named by the route; otherwise the answer to give instead.
    private static (string PersonRef, IResult? Refusal) PersonOf(HttpContext context, GatewayStore store)
    {
        var values = context.Request.RouteValues;
        string? key = null;
        string? problem;
        if (values.TryGetValue("ins", out var ins) && ins is string number)
        {
            problem = InsNumber.Check(number);
            key = problem is null ? PersonKeys.Ins(number) : null;
        }
        else
        {
            var finess = values["finess"] as string;
            var localId = values["localId"] as string;
            problem = FinessNumber.Check(finess) ?? (string.IsNullOrEmpty(localId) ? "a local identifier is required" : null);
            key = problem is null ? PersonKeys.Local(finess!, localId!) : null;
        }

        return key is null
            ? (string.Empty, FhirResults.Outcome(OperationOutcome.IssueType.Value, $"the person is not validly named: {problem}", StatusCodes.Status400BadRequest))
            : (store.PersonRefOf(key), null);
    }
}
