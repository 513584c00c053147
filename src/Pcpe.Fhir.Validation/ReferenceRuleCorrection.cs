// Hand-written: Firely.Fhir.Validation 3.6.0 corrects ref-1 on the Reference type only, not on the copies the R4 snapshots hold.
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;

namespace Pcpe.Fhir.Validation;

/// <summary>
/// Gives every copy of the R4 invariant ref-1 the expression of R4's technical correction, which
/// holds on a Reference without <c>reference</c> (identifier or display only, as the gateway sends
/// for people it only knows by identifier). The published R4 snapshots copy the original expression
/// onto every Reference element, where it fails such references. Sits below the snapshot generator
/// so that generated snapshots inherit the correction.
/// </summary>
internal sealed class ReferenceRuleCorrection(IAsyncResourceResolver inner) : IAsyncResourceResolver
{
    private const string Corrected = "reference.exists() implies (reference.startsWith('#').not() or "
        + "(reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids')) or "
        + "(reference='#' and %rootResource!=%resource))";

    public async Task<ResolverResult> TryResolveByUriAsync(string uri) => Correct(await inner.TryResolveByUriAsync(uri).ConfigureAwait(false));

    public async Task<ResolverResult> TryResolveByCanonicalUriAsync(string uri) => Correct(await inner.TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false));

#pragma warning disable CS0618 // members of the interface the SDK marks obsolete in favour of TryResolve*
    public async Task<Resource?> ResolveByUriAsync(string uri) => (await TryResolveByUriAsync(uri).ConfigureAwait(false)).Value;

    public async Task<Resource?> ResolveByCanonicalUriAsync(string uri) => (await TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false)).Value;
#pragma warning restore CS0618

    private static ResolverResult Correct(ResolverResult result)
    {
        if (result.Value is StructureDefinition definition)
        {
            var elements = (definition.Snapshot?.Element ?? []).Concat(definition.Differential?.Element ?? []);
            foreach (var constraint in elements.SelectMany(e => e.Constraint))
            {
                if (constraint.Key == "ref-1" && constraint.Expression?.StartsWith("reference.exists() implies", StringComparison.Ordinal) != true)
                {
                    constraint.Expression = Corrected;
                }
            }
        }

        return result;
    }
}
