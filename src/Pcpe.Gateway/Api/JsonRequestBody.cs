using Hl7.Fhir.Model;
using Microsoft.Net.Http.Headers;

namespace Pcpe.Gateway.Api;

/// <summary>
/// How the API reads a request body: JSON in UTF-8, declared as <c>application/json</c> or
/// <c>application/fhir+json</c> (<c>application/json+fhir</c>, the older FHIR name, too), up to a limit. Anything
/// else gets 415 before the body is read, so that FHIR XML, a form or another charset is named for what it is
/// instead of failing as malformed JSON; a body over the limit gets 413, never read whole first. A body sent
/// with <c>Content-Encoding: gzip</c>, <c>br</c> or <c>deflate</c> arrives decompressed (the framework's request decompression,
/// the limit applying to the decompressed size); any other encoding gets 415, and one that does not decode, 400.
/// </summary>
internal static class JsonRequestBody
{
    private static readonly string[] JsonMediaTypes = ["application/json", "application/fhir+json", "application/json+fhir"];

    /// <summary>The body's bytes, or the 415/413 answer to give instead.</summary>
    public readonly record struct Read(byte[]? Body, IResult? Refusal);

    /// <summary>Reads the body of <paramref name="request"/>; <paramref name="tooLarge"/> is the 413 answer's diagnostics.</summary>
    public static async Task<Read> ReadAsync(HttpRequest request, long limit, string tooLarge, CancellationToken cancellationToken)
    {
        if (RefusalOf(request) is { } unsupported)
        {
            return new(null, unsupported);
        }

        if (request.ContentLength > limit)
        {
            return new(null, TooLarge(tooLarge));
        }

        try
        {
            return await ReadUpToAsync(request, limit, cancellationToken) is { } body ? new(body, null) : new(null, TooLarge(tooLarge));
        }
        catch (Exception ex) when (ex is InvalidDataException || (ex is InvalidOperationException && ex.TargetSite?.DeclaringType?.Namespace == "System.IO.Compression"))
        {
            // GZipStream says InvalidDataException, BrotliStream InvalidOperationException.
            return new(null, FhirResults.Outcome(
                OperationOutcome.IssueType.Structure,
                "the body does not decode with the Content-Encoding it declares (gzip, br or deflate)",
                StatusCodes.Status400BadRequest));
        }
    }

    private static IResult TooLarge(string tooLarge) => FhirResults.Outcome(OperationOutcome.IssueType.TooCostly, tooLarge, StatusCodes.Status413PayloadTooLarge);

    // The 415 answer when the request does not declare JSON in UTF-8; null when it does.
    private static IResult? RefusalOf(HttpRequest request)
    {
        // Decompression removed gzip and br; what is left is an encoding the gateway cannot read.
        if (request.Headers.ContentEncoding.Any(e => !string.Equals(e?.Trim(), "identity", StringComparison.OrdinalIgnoreCase)))
        {
            return FhirResults.Outcome(
                OperationOutcome.IssueType.NotSupported,
                "the request's Content-Encoding is not supported: send the body as it is, or with Content-Encoding gzip, br or deflate",
                StatusCodes.Status415UnsupportedMediaType);
        }

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
    private static IResult Refuse(string why) => FhirResults.Outcome(
        OperationOutcome.IssueType.NotSupported, $"{why}: send the document as application/json or application/fhir+json, in UTF-8", StatusCodes.Status415UnsupportedMediaType);

    // The body, or null as soon as it exceeds the limit.
    private static async Task<byte[]?> ReadUpToAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is { } declared && declared <= limit ? (int)declared : 0);
        // Pooled: a fresh 80 KiB chunk per request was zeroed each time, for bodies of a few KiB.
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}
