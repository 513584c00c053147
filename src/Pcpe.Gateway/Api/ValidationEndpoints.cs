using Hl7.Fhir.Model;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Validation;
using Pcpe.Gateway.Api.Security;

namespace Pcpe.Gateway.Api;

/// <summary>
/// <c>POST /fhir/$validate</c>: the Firely validator's verdict on a Bundle against base R4 and the
/// gateway's profiles, without pushing it. Conformance only: a push also checks the business rules
/// (INS key, FINESS, dates, codes) that <c>POST /api/v1/$preview</c> and a push itself report.
/// </summary>
public static class ValidationEndpoints
{
    private const long MaxBundleBytes = SubmissionEndpoints.MaxDocumentBytes;

    // Validations run one at a time (GatewayFhirValidator): beyond these callers waiting, the next is told to come back.
    private const int MaxWaiting = 4;

    private static int _waiting;

    public static void Map(IEndpointRouteBuilder app)
        => app.MapPost("/fhir/$validate", ValidateAsync)
            .Reads("Bundle", MaxBundleBytes, "A FHIR R4 Bundle, as it would be pushed to POST /fhir (or any Bundle to check against the gateway's profiles).")
            .WithTags("Contract").WithSummary("Validate a Bundle against base R4 and the gateway's profiles; nothing is stored")
            .WithDescription("The FHIR $validate operation. Each resource is checked against its base R4 type and the profiles it claims in meta.profile; "
                + "?profile= adds a profile the Bundle itself must meet. 200 with the OperationOutcome: the Bundle is valid when no issue is an error. "
                + "The first call of a process takes a few seconds (the validator loads base R4).")
            .RequireAuthorization(CallerPolicies.DuiClient)
            .Answers(StatusCodes.Status200OK, "The validator's issues (errors, warnings), with FHIRPath locations; one information issue when there is nothing to say.")
            .Answers(StatusCodes.Status400BadRequest, "Not a readable FHIR R4 Bundle, more than 1,000 entries, or ?profile= names no resource profile the validator knows.")
            .Answers(StatusCodes.Status503ServiceUnavailable, "Other Bundles are being validated: try again after Retry-After seconds.");

    private static async Task<IResult> ValidateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var read = await JsonRequestBody.ReadAsync(context.Request, MaxBundleBytes, $"Bundles are limited to {MaxBundleBytes} bytes", cancellationToken);
        if (read.Body is not { } body)
        {
            return read.Refusal!;
        }

        var issues = new List<InputIssue>();
        if (FhirInput.ReadBundle(body, issues) is not { } bundle)
        {
            return FhirResults.Resource(OperationOutcomes.FromIssues(issues), StatusCodes.Status400BadRequest);
        }

        if (!PushedBundle.CheckSize(bundle, issues))
        {
            return FhirResults.Resource(OperationOutcomes.FromIssues(issues), StatusCodes.Status400BadRequest);
        }

        if (Interlocked.Increment(ref _waiting) > MaxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            context.Response.Headers.RetryAfter = "2";
            return FhirResults.Outcome(OperationOutcome.IssueType.Transient, "the validator is busy with other Bundles: try again in a few seconds", StatusCodes.Status503ServiceUnavailable);
        }

        OperationOutcome outcome;
        try
        {
            var validator = GatewayFhirValidator.Shared;
            var profile = context.Request.Query["profile"].FirstOrDefault();
            if (profile is not null && !await validator.KnowsAsync(profile, cancellationToken))
            {
                return FhirResults.Outcome(OperationOutcome.IssueType.NotFound, "?profile= names no resource profile of base R4 or of the gateway (GET /fhir/metadata lists them)", StatusCodes.Status400BadRequest);
            }

            outcome = await validator.ValidateAsync(bundle, profile, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        if (outcome.Issue.Count == 0)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = OperationOutcome.IssueType.Informational,
                Diagnostics = "valid: no error and no warning against base R4 and the claimed profiles",
            });
        }

        return FhirResults.Resource(outcome, StatusCodes.Status200OK);
    }
}
