using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Diagnostics;

namespace Pcpe.Gateway.Api;

/// <summary>
/// The answer to a request that failed in a way nobody foresaw: 500 with an OperationOutcome that names a
/// correlation id (the request's trace identifier) and nothing else, in every environment; the log line
/// under the same id has the exception's type and stack, never its message, which may quote input.
/// </summary>
internal sealed class UnexpectedErrorHandler(ILogger<UnexpectedErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var correlationId = httpContext.TraceIdentifier;
        GatewayLog.UnexpectedRequestFailure(logger, correlationId, exception.GetType().FullName ?? "?", exception.StackTrace ?? string.Empty);
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.Clear();
        await FhirResults.Outcome(
            OperationOutcome.IssueType.Exception,
            $"the gateway failed on this request (correlation id {correlationId}); a push may be sent again as it is (pushes are idempotent), and operators find the cause in the gateway's log under this id",
            StatusCodes.Status500InternalServerError).ExecuteAsync(httpContext);
        return true;
    }
}
