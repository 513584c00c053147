using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Diagnostics;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Api;

/// <summary>The body of an error the framework answers on its own (no endpoint, wrong method): an OperationOutcome, never an empty page.</summary>
internal static class StatusCodeOutcome
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var (type, message) = status switch
        {
            StatusCodes.Status404NotFound => (OperationOutcome.IssueType.NotFound, "no such resource: check the path and the form of its identifiers (GET /openapi/v1.json lists them)"),
            StatusCodes.Status405MethodNotAllowed => (OperationOutcome.IssueType.NotSupported, "this path does not take this method (GET /openapi/v1.json lists what each path takes)"),
            StatusCodes.Status401Unauthorized => (OperationOutcome.IssueType.Login, "authentication required: a client certificate or bearer token of a configured client"),
            StatusCodes.Status403Forbidden => (OperationOutcome.IssueType.Forbidden, "this caller may not do this"),
            _ => (OperationOutcome.IssueType.Processing, $"the request was refused ({status})"),
        };
        return FhirResults.Outcome(type, message, status).ExecuteAsync(context.HttpContext);
    }
}
