using Hl7.Fhir.Model;
using Pcpe.Fhir;

namespace Pcpe.Gateway.Api;

/// <summary>HTTP results whose body is a FHIR resource (application/fhir+json).</summary>
public static class FhirResults
{
    public static IResult Resource(Resource resource, int statusCode) => new FhirResourceResult(FhirJson.SerializeToUtf8(resource), statusCode);

    private sealed class FhirResourceResult(byte[] body, int statusCode) : IResult
    {
        public async System.Threading.Tasks.Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = "application/fhir+json; charset=utf-8";
            httpContext.Response.ContentLength = body.Length;
            await httpContext.Response.Body.WriteAsync(body);
        }
    }
}
