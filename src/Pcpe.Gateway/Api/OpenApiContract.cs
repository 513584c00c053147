using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Pcpe.Gateway.Api.Security;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Api;

/// <summary>
/// What <c>GET /openapi/v1.json</c> tells a DUI integrator beyond the routes ASP.NET Core finds by itself:
/// the body each push reads (the published JSON Schema of the PCPE document, or the FHIR resource), every
/// answer with its status and media type (OperationOutcome for refusals), and how callers authenticate
/// (client certificate, bearer token) as configured, with the 401/403 answers of each endpoint's authorisation
/// policy. Endpoints declare the rest with <see cref="Reads"/> and <see cref="Answers"/>; the schemas are referenced by absolute URL so that tools can fetch them.
/// </summary>
internal static partial class OpenApiContract
{
    private const string FhirJsonSchema = "https://hl7.org/fhir/R4/fhir.schema.json#/definitions/";
    private const string MutualTls = "clientCertificate";
    private const string Bearer = "bearerToken";

    /// <summary>The request body: its media types and schema (a gateway path such as <c>api/v1/schemas/plan</c>, or an absolute URL).</summary>
    private sealed record BodyContract(string Description, string[] MediaTypes, string Schema);

    /// <summary>One answer: status, what it means, and its body's media type and schema (none without a body).</summary>
    private sealed record AnswerContract(int Status, string Description, string? MediaType, string? Schema, string? LocationHeader);

    /// <summary>The endpoint honours an <c>Idempotency-Key</c> header.</summary>
    private sealed record IdempotencyKeyHeader;

    /// <summary>Declares the <c>Idempotency-Key</c> header: a retried push with the same key answers the first submission.</summary>
    public static RouteHandlerBuilder AcceptsIdempotencyKey(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(new IdempotencyKeyHeader());

    /// <summary>Reads a PCPE JSON document of <paramref name="kind"/> (plan, assessment, transition), as its JSON Schema describes,
    /// through <see cref="JsonRequestBody"/> with <paramref name="limit"/>.</summary>
    public static RouteHandlerBuilder ReadsPcpeDocument(this RouteHandlerBuilder endpoint, string kind, long limit)
        => endpoint.WithMetadata(new BodyContract($"A PCPE {kind} (JSON Schema at /api/v1/schemas/{kind}), UTF-8.", ["application/json"], $"api/v1/schemas/{kind}")).AnswersBodyRefusals(limit);

    /// <summary>Reads a FHIR R4 resource of <paramref name="resourceType"/>, in JSON, through <see cref="JsonRequestBody"/> with <paramref name="limit"/>.</summary>
    public static RouteHandlerBuilder Reads(this RouteHandlerBuilder endpoint, string resourceType, long limit, string description)
        => endpoint.WithMetadata(new BodyContract(description, ["application/fhir+json", "application/json"], FhirJsonSchema + resourceType)).AnswersBodyRefusals(limit);

    // What JsonRequestBody answers instead of reading the body.
    private static RouteHandlerBuilder AnswersBodyRefusals(this RouteHandlerBuilder endpoint, long limit) => endpoint
        .Answers(StatusCodes.Status413PayloadTooLarge, $"Over {limit} bytes.")
        .Answers(StatusCodes.Status415UnsupportedMediaType, "Not declared as JSON in UTF-8.");

    /// <summary>Answers <paramref name="status"/> with a FHIR resource of <paramref name="resourceType"/> (an OperationOutcome for refusals).</summary>
    public static RouteHandlerBuilder Answers(this RouteHandlerBuilder endpoint, int status, string description, string resourceType = "OperationOutcome")
        => endpoint.WithMetadata(new AnswerContract(status, description, "application/fhir+json", FhirJsonSchema + resourceType, null));

    /// <summary>Answers <paramref name="status"/> with the gateway's own JSON (its schema from <typeparamref name="T"/>).</summary>
    public static RouteHandlerBuilder AnswersJson<T>(this RouteHandlerBuilder endpoint, int status, string description, string? locationHeader = null)
        => endpoint.WithMetadata(new AnswerContract(status, description, "application/json", null, locationHeader)).Produces<T>(status);

    /// <summary>Answers <paramref name="status"/> with the gateway's own JSON, described in words only.</summary>
    public static RouteHandlerBuilder AnswersJson(this RouteHandlerBuilder endpoint, int status, string description, string? locationHeader = null, string mediaType = "application/json")
        => endpoint.WithMetadata(new AnswerContract(status, description, mediaType, null, locationHeader));

    /// <summary>Answers <paramref name="status"/> with an empty body.</summary>
    public static RouteHandlerBuilder AnswersWithoutBody(this RouteHandlerBuilder endpoint, int status, string description)
        => endpoint.WithMetadata(new AnswerContract(status, description, null, null, null));

    public static void Configure(OpenApiOptions options) => options.AddDocumentTransformer((document, context, _) =>
    {
        var api = context.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value;
        document.Info.Title = "Pcpe.Gateway API";
        document.Info.Description = "Push assessments, support plans and transition plans of PCPE teams; follow their deliveries. Guide: README.md and docs/ of the gateway.";
        var securitySchemes = SecuritySchemes(api);
        if (securitySchemes.Count > 0)
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = securitySchemes;
        }

        // Schemas served by the gateway are referenced at the address the document was asked from.
        var server = document.Servers?.FirstOrDefault()?.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : null;
        foreach (var description in context.DescriptionGroups.SelectMany(g => g.Items))
        {
            var metadata = description.ActionDescriptor.EndpointMetadata;
            var path = "/" + RouteConstraint().Replace(description.RelativePath ?? string.Empty, "{$1}").TrimEnd('/');
            if (description.HttpMethod is not { } method
                || document.Paths.TryGetValue(path, out var item) is false
                || item.Operations?.GetValueOrDefault(HttpMethod.Parse(method)) is not { } operation)
            {
                continue;
            }

            if (metadata.OfType<BodyContract>().FirstOrDefault() is { } body)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Description = body.Description,
                    Required = true,
                    Content = body.MediaTypes.ToDictionary(m => m, _ => new OpenApiMediaType { Schema = Reference(body.Schema, server) }),
                };
            }

            if (metadata.OfType<IdempotencyKeyHeader>().Any())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "Idempotency-Key",
                    In = ParameterLocation.Header,
                    Description = "A key of the caller's choosing: the same key again (a retry after a lost answer) returns the first submission.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }

            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToHashSet(StringComparer.Ordinal);
            // An endpoint's own answer with a policy's status (a 403 for another structure's document) says more.
            var declared = metadata.OfType<AnswerContract>().ToList();
            var answers = declared.Concat(CallerAnswers(policies).Where(p => declared.All(d => d.Status != p.Status))).ToList();
            if (answers.Count > 0)
            {
                // The declared answers, in the order of their status; the "200 OK" ASP.NET Core puts by default is not one.
                var found = operation.Responses ?? [];
                operation.Responses = [];
                foreach (var answer in answers.OrderBy(a => a.Status))
                {
                    var response = found.GetValueOrDefault(answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)) as OpenApiResponse ?? new OpenApiResponse();
                    response.Description = answer.Description;
                    if (answer.Schema is { } schema && answer.MediaType is { } mediaType)
                    {
                        response.Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = Reference(schema, server) } };
                    }
                    else if (answer.MediaType is { } untyped && response.Content is not { Count: > 0 })
                    {
                        response.Content = new Dictionary<string, OpenApiMediaType> { [untyped] = new() };
                    }

                    if (answer.LocationHeader is { } location)
                    {
                        response.Headers = new Dictionary<string, IOpenApiHeader> { ["Location"] = new OpenApiHeader { Description = location, Schema = new OpenApiSchema { Type = JsonSchemaType.String } } };
                    }

                    operation.Responses[answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
                }
            }

            if (policies.Count > 0 && securitySchemes.Count > 0)
            {
                // Either scheme identifies the caller: one requirement per scheme.
                operation.Security = [.. securitySchemes.Keys.Select(name => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(name, document)] = [] })];
            }
        }

        return Task.CompletedTask;
    });

    // What the authorisation policies of an endpoint answer before it looks at the request.
    private static IEnumerable<AnswerContract> CallerAnswers(IReadOnlySet<string?> policies)
    {
        if (policies.Count == 0)
        {
            yield break;
        }

        yield return new AnswerContract(StatusCodes.Status401Unauthorized, "No client certificate or bearer token of a configured DUI client.", "application/fhir+json", FhirJsonSchema + "OperationOutcome", null);
        if (policies.Contains(CallerPolicies.Operator))
        {
            yield return new AnswerContract(StatusCodes.Status403Forbidden, "The caller is not an operator.", "application/fhir+json", FhirJsonSchema + "OperationOutcome", null);
        }
    }

    private static Dictionary<string, IOpenApiSecurityScheme> SecuritySchemes(ApiOptions api)
    {
        var schemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        if (api.ClientCaBundlePath is { Length: > 0 })
        {
            schemes[MutualTls] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.MutualTLS,
                Description = "A TLS client certificate of a configured DUI client, issued by the CAs of Gateway:Api:ClientCaBundlePath.",
            };
        }

        if (api.Jwt.Enabled)
        {
            schemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An OAuth2 access token (client-credentials grant) of a configured DUI client.",
            };
        }

        return schemes;
    }

    // A schema served by the gateway, at the server's address; an absolute URL as it is.
    private static OpenApiSchemaReference Reference(string schema, Uri? server)
        => new(Uri.TryCreate(schema, UriKind.Absolute, out _) || server is null ? schema : new Uri(server, schema).ToString());

    // "{id:guid}" in a route is "{id}" in the document's paths (a constraint may hold braces, never a slash).
    [GeneratedRegex(@"\{(\w+)(?::[^/]*)?\}")]
    private static partial Regex RouteConstraint();
}
