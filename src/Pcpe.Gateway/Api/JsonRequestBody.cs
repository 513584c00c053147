using Hl7.Fhir.Model;
using Microsoft.Net.Http.Headers;
using Pcpe.Fhir.Input;

namespace Pcpe.Gateway.Api;

/// <summary>
/// What the API reads: JSON in UTF-8, declared as <c>application/json</c> or <c>application/fhir+json</c>
/// (<c>application/json+fhir</c>, the older FHIR name, too). Anything else gets 415 before the body is read,
/// so that FHIR XML, a form or another charset is named for what it is instead of failing as malformed JSON.
/// </summary>
internal static class JsonRequestBody
{
    private static readonly string[] JsonMediaTypes = ["application/json", "application/fhir+json", "application/json+fhir"];

    /// <summary>The 415 answer when the request does not declare JSON in UTF-8; null when it does.</summary>
    public static IResult? RefusalOf(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var declared))
        {
            return Refuse("the request has no Content-Type");
        }

        if (!JsonMediaTypes.Contains(declared.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return Refuse("the request's Content-Type is not JSON");
        }

        return declared.Charset.HasValue && !declared.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            ? Refuse("the request's charset is not UTF-8")
            : null;
    }

    // The header's value is not quoted back: it is whatever the caller sent.
    private static IResult Refuse(string why) => FhirResults.Resource(
        OperationOutcomes.Single(OperationOutcome.IssueType.NotSupported, $"{why}: send the document as application/json or application/fhir+json, in UTF-8"),
        StatusCodes.Status415UnsupportedMediaType);
}
