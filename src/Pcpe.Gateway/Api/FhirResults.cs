using Hl7.Fhir.Model;
using Pcpe.Fhir;
using Pcpe.Fhir.Input;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Api;

/// <summary>HTTP results whose body is a FHIR resource (application/fhir+json).</summary>
public static class FhirResults
{
    public static IResult Resource(Resource resource, int statusCode) => new FhirResourceResult(FhirJson.SerializeToUtf8(resource), statusCode);

    /// <summary>A refusal: an OperationOutcome with one error issue of <paramref name="type"/> saying <paramref name="message"/>.</summary>
    public static IResult Outcome(OperationOutcome.IssueType type, string message, int statusCode) => Resource(OperationOutcomes.Single(type, message), statusCode);

    private sealed class FhirResourceResult(byte[] body, int statusCode) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = "application/fhir+json; charset=utf-8";
            httpContext.Response.ContentLength = body.Length;
            await httpContext.Response.Body.WriteAsync(body);
        }
    }
}
