using Hl7.Fhir.Model;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Model;
using Pcpe.Gateway.Api.Security;
using Pcpe.Gateway.Intake;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Api;

/// <summary>The HTTP API DUI systems push to (<c>/api/v1</c>).</summary>
public static class SubmissionEndpoints
{
    /// <summary>Largest document accepted on the API; larger requests get 413 before being read.</summary>
    public const long MaxDocumentBytes = 5 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(CallerPolicies.DuiClient);
        api.MapPost("/plans", (HttpContext c, DocumentPipeline p, SubmissionIntake i, CancellationToken t) => PushAsync(DocumentKinds.Plan, c, p, i, t))
            .ReadsPcpeDocument(DocumentKinds.Plan, MaxDocumentBytes).AnswersAsPush("Push a personalised support plan (PCPE JSON)");
        api.MapPost("/assessments", (HttpContext c, DocumentPipeline p, SubmissionIntake i, CancellationToken t) => PushAsync(DocumentKinds.Assessment, c, p, i, t))
            .ReadsPcpeDocument(DocumentKinds.Assessment, MaxDocumentBytes).AnswersAsPush("Push a functional assessment (PCPE JSON)");
        api.MapPost("/transitions", (HttpContext c, DocumentPipeline p, SubmissionIntake i, CancellationToken t) => PushAsync(DocumentKinds.Transition, c, p, i, t))
            .ReadsPcpeDocument(DocumentKinds.Transition, MaxDocumentBytes).AnswersAsPush("Push a transition plan (PCPE JSON)");
        api.MapPost("/$preview", PreviewAsync)
            .ReadsPcpeDocument(DocumentKinds.Plan, MaxDocumentBytes).WithTags("Documents").WithSummary("The FHIR Bundle a push would relay; nothing stored or sent")
            .WithDescription("?kind=plan|assessment|transition (plan by default); the body is the PCPE document of that kind.")
            .Answers(StatusCodes.Status200OK, "The mapped and checked transaction Bundle, with its Provenance.", "Bundle")
            .AnswersDocumentRefusals();
        app.MapPost("/fhir", (HttpContext c, DocumentPipeline p, SubmissionIntake i, CancellationToken t) => PushAsync(null, c, p, i, t))
            .Reads("Bundle", MaxDocumentBytes, "A FHIR R4 transaction Bundle, TDDUI style: a CarePlan with a PPER identifier, or the gateway's transition or assessment profiles (GET /fhir/metadata).")
            .AnswersAsPush("Push a document as a FHIR transaction Bundle (TDDUI style)")
            .RequireAuthorization(CallerPolicies.DuiClient);
        api.MapGet("/submissions/{id:guid}", GetSubmissionAsync)
            .WithTags("Documents").WithSummary("A submission and each of its deliveries: status, attempts, last error, legal basis")
            .AnswersJson<SubmissionAnswer>(StatusCodes.Status200OK, "The submission with its deliveries.")
            .Answers(StatusCodes.Status404NotFound, "No such submission among the caller's.");
    }

    // What every push answers.
    private static RouteHandlerBuilder AnswersAsPush(this RouteHandlerBuilder endpoint, string summary) => endpoint
        .WithTags("Documents").WithSummary(summary)
        .WithDescription("Idempotent on (client, document id, version), and on an Idempotency-Key header: a retried push answers the first submission.")
        .AcceptsIdempotencyKey()
        .AnswersJson<SubmissionAcceptance>(StatusCodes.Status202Accepted, "Committed; delivered in the background. Also the answer to a push already received (alreadyKnown).", "The submission: GET it to follow its deliveries.")
        .Answers(StatusCodes.Status409Conflict, "This document id and version were received before with other content: push a new version.")
        .Answers(StatusCodes.Status503ServiceUnavailable, "The person's record kept changing during the push (other pushes or consents for the same person): push again after Retry-After seconds; nothing was stored.")
        .AnswersDocumentRefusals();

    // What a push and a preview answer for a document they cannot take; nothing is stored.
    private static RouteHandlerBuilder AnswersDocumentRefusals(this RouteHandlerBuilder endpoint) => endpoint
        .Answers(StatusCodes.Status400BadRequest, "Unreadable (broken JSON with its line and byte, unknown or missing fields, wrong types; for a preview, an unknown kind): every problem with its location.")
        .Answers(StatusCodes.Status403Forbidden, "The caller may not push for the document's structure (FINESS).")
        .Answers(StatusCodes.Status422UnprocessableEntity, "Readable but wrong (INS key, FINESS/RPPS check digits, unknown codes, dates, profile rules): every problem.");

    // kind: the PCPE JSON document kind, or null for a FHIR Bundle (POST /fhir, TDDUI style).
    private static async Task<IResult> PushAsync(
        string? kind,
        HttpContext context,
        DocumentPipeline pipeline,
        SubmissionIntake intake,
        CancellationToken cancellationToken)
    {
        var caller = context.User.Caller();

        var read = await JsonRequestBody.ReadAsync(context.Request, MaxDocumentBytes, $"documents are limited to {MaxDocumentBytes} bytes", cancellationToken);
        if (read.Body is not { } body)
        {
            return read.Refusal!;
        }

        var prepared = kind is not null ? pipeline.Prepare(kind, body) : pipeline.PreparePushedBundle(body);
        var idempotencyKey = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
        var result = await intake.SubmitAsync(prepared, caller, idempotencyKey, cancellationToken);
        return result switch
        {
            IntakeResult.Accepted accepted => Results.Json(
                new SubmissionAcceptance(accepted.SubmissionId, "accepted", accepted.AlreadyKnown, [.. prepared.Warnings.Select(w => new SubmissionWarning(w.Path, w.Message))]),
                statusCode: StatusCodes.Status202Accepted)
                .WithLocation($"/api/v1/submissions/{accepted.SubmissionId}", context),
            IntakeResult.Invalid invalid => FhirResults.Resource(
                OperationOutcomes.FromIssues(invalid.Issues),
                invalid.Issues.All(i => i.Kind == InputIssueKind.Structure) ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity),
            IntakeResult.Forbidden forbidden => FhirResults.Outcome(OperationOutcome.IssueType.Forbidden, forbidden.Reason, StatusCodes.Status403Forbidden),
            IntakeResult.Busy => Busy(context),
            IntakeResult.Conflict conflict => FhirResults.Outcome(
                OperationOutcome.IssueType.Duplicate,
                $"this document id and version were already received with other content (submission {conflict.ExistingSubmissionId}); push a new version",
                StatusCodes.Status409Conflict),
            _ => throw new InvalidOperationException("unknown intake result"),
        };
    }

    /// <summary>
    /// The mapped and checked FHIR Bundle of a document, for integrators: nothing is stored or sent.
    /// <c>?kind=plan|assessment|transition</c> (plan by default).
    /// </summary>
    private static async Task<IResult> PreviewAsync(HttpContext context, DocumentPipeline pipeline, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = context.User.Caller();

        var read = await JsonRequestBody.ReadAsync(context.Request, MaxDocumentBytes, $"documents are limited to {MaxDocumentBytes} bytes", cancellationToken);
        if (read.Body is not { } body)
        {
            return read.Refusal!;
        }

        var kind = context.Request.Query["kind"].FirstOrDefault() ?? DocumentKinds.Plan;
        if (kind is not (DocumentKinds.Plan or DocumentKinds.Assessment or DocumentKinds.Transition))
        {
            return FhirResults.Outcome(OperationOutcome.IssueType.NotSupported, "kind must be plan, assessment or transition", StatusCodes.Status400BadRequest);
        }

        var prepared = pipeline.Prepare(kind, body);
        if (!prepared.Succeeded)
        {
            return FhirResults.Resource(
                OperationOutcomes.FromIssues(prepared.Issues),
                prepared.Issues.All(i => i.Kind == InputIssueKind.Structure) ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity);
        }

        if (!caller.MayPushFor(prepared.Document!.StructureFiness))
        {
            return FhirResults.Outcome(OperationOutcome.IssueType.Forbidden, "this client may not push documents for that structure", StatusCodes.Status403Forbidden);
        }

        // As a push of it now would be relayed (before each recipient's minimisation).
        SubmissionProvenance.Add(prepared.Document, new SubmissionContext(caller.ClientId, time.GetUtcNow()));
        return FhirResults.Resource(prepared.Document.Bundle, StatusCodes.Status200OK);
    }

    private static async Task<IResult> GetSubmissionAsync(Guid id, HttpContext context, GatewayStore store, CancellationToken cancellationToken)
    {
        var caller = context.User.Caller();

        var submission = await store.GetSubmissionAsync(id, cancellationToken);
        // Another client's submission is reported as absent: its existence is not disclosed.
        return submission is null || (!caller.IsOperator && submission.ClientId != caller.ClientId)
            ? FhirResults.Outcome(OperationOutcome.IssueType.NotFound, "no such submission", StatusCodes.Status404NotFound)
            : Results.Json(SubmissionAnswer.From(submission));
    }

    private static IResult Busy(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return FhirResults.Outcome(OperationOutcome.IssueType.Transient, "the person's record changed during the push: push again", StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult WithLocation(this IResult result, string location, HttpContext context)
    {
        context.Response.Headers.Location = location;
        return result;
    }
}
