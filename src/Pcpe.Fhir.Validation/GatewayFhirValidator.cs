using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Validation;

/// <summary>
/// The Firely validator with base R4 (the SDK's specification.zip) and the gateway's embedded
/// profiles and terminology, snapshots generated on first use. Every resource is validated twice:
/// against its base R4 type alone, and against the profiles it claims in meta.profile, so that a
/// profile that loosens a base rule cannot hide a base R4 violation. Offline: a code system that is
/// neither in base R4 nor shipped (SNOMED CT, LOINC…) gives a warning, not an error.
/// </summary>
public sealed class GatewayFhirValidator
{
    private readonly IAsyncResourceResolver _resolver;
    private readonly Validator _baseOnly;
    private readonly Validator _profiled;

    // One validation at a time: concurrent first uses of a profile gave spurious errors in 3.6.0
    // (snapshots and schemas built twice at once), and one validation already takes a core for milliseconds.
    // Waited for asynchronously by the endpoints, so that a caller waiting for its turn holds no thread.
    private readonly SemaphoreSlim _gate = new(1, 1);

    private GatewayFhirValidator()
    {
        var gateway = new InMemoryResourceResolver(ProfileResources.Load<Resource>().Where(r => r is StructureDefinition or CodeSystem or ValueSet).Select(r => (Resource)r.DeepCopy()));
        _resolver = new CachedResolver(new SnapshotSource(new ReferenceRuleCorrection(new MultiResolver(gateway, ZipSource.CreateValidationSource()))));
        var terminology = LocalTerminologyService.CreateDefaultForCore(_resolver, new ValueSetExpanderSettings { MaxExpansionSize = 5000 });
        _baseOnly = new Validator(_resolver, terminology, null, Settings(baseOnly: true));
        _profiled = new Validator(_resolver, terminology, null, Settings(baseOnly: false));
    }

    /// <summary>The one validator of the process, built on first use (seconds, and about 400 MiB resident once warm).</summary>
    public static GatewayFhirValidator Shared => LazyShared.Value;

    private static readonly Lazy<GatewayFhirValidator> LazyShared = new(() => new GatewayFhirValidator());

    /// <summary>Validates a resource (a Bundle and every resource in it) against base R4 and its claimed profiles.</summary>
    /// <param name="resource">What to validate.</param>
    /// <param name="profile">A profile the resource must also meet (canonical URL), besides those it claims.</param>
    public OperationOutcome Validate(Resource resource, string? profile = null)
    {
        _gate.Wait();
        try
        {
            return Run(resource, profile);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>As <see cref="Validate"/>, waiting for its turn without holding a thread.</summary>
    /// <param name="resource">What to validate.</param>
    /// <param name="profile">A profile the resource must also meet (canonical URL), besides those it claims.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    public async Task<OperationOutcome> ValidateAsync(Resource resource, string? profile, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Run(resource, profile);
        }
        finally
        {
            _gate.Release();
        }
    }

    private OperationOutcome Run(Resource resource, string? profile)
    {
        OperationOutcome.IssueComponent[] issues;
        try
        {
            issues = [.. _baseOnly.Validate(resource).Issue, .. _profiled.Validate(resource).Issue,
                .. profile is null ? [] : _profiled.Validate(resource, profile).Issue];
        }
        catch (UriFormatException)
        {
            // 3.6.0 throws on a reference its URI parser refuses (a BOM or space before "urn:uuid:", say).
            return Refused("a reference is not a valid URI (a stray character before or inside it?): the validator stops there");
        }


        var outcome = new OperationOutcome();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var issue in issues)
        {
            // The validator names an entry's resource "resource[0]": FHIRPath, as the push's answers use, has no index there.
            issue.Expression = [.. issue.Expression.OfType<string>().Select(e => e.Replace(".resource[0]", ".resource", StringComparison.Ordinal))];
            issue.Location = [.. issue.Location.OfType<string>().Select(e => e.Replace(".resource[0]", ".resource", StringComparison.Ordinal))];
            if (seen.Add($"{issue.Severity}|{string.Join(',', issue.Expression)}|{issue.Details?.Text ?? issue.Diagnostics}"))
            {
                outcome.Issue.Add(issue);
            }
        }

        return outcome;
    }

    private static OperationOutcome Refused(string why) => new()
    {
        Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = OperationOutcome.IssueType.Value, Diagnostics = why }],
    };

    /// <summary>Whether the validator knows this resource profile (base R4 or the gateway's).</summary>
    /// <param name="canonical">The profile's canonical URL.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    public async Task<bool> KnowsAsync(string canonical, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _resolver.FindStructureDefinitionAsync(canonical).ConfigureAwait(false) is { Kind: StructureDefinition.StructureDefinitionKind.Resource };
        }
        catch (UriFormatException)
        {
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A StructureDefinition of the gateway (by id) with its generated snapshot, or null.</summary>
    /// <param name="id">The StructureDefinition's id.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    public async Task<StructureDefinition?> SnapshotAsync(string id, CancellationToken cancellationToken)
    {
        var url = ProfileResources.Load<StructureDefinition>().FirstOrDefault(d => d.Id == id)?.Url;
        if (url is null)
        {
            return null;
        }

        // The snapshot is generated under the same gate as validations, once, then cached.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A copy: the cached definition is the validator's own.
            return (StructureDefinition?)(await _resolver.FindStructureDefinitionAsync(url).ConfigureAwait(false))?.DeepCopy();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static ValidationSettings Settings(bool baseOnly)
    {
        var settings = new ValidationSettings
        {
            // An unknown code system is not the sender's fault when the validator runs offline.
            HandleValidateCodeServiceFailure = (_, _) => TerminologyServiceExceptionResult.Warning,
        };
        if (baseOnly)
        {
            settings.SelectValidationProfiles = (_, _, _, _) => [];
        }

        return settings;
    }
}
