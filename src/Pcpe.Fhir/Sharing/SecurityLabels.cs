using Hl7.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Sharing;

/// <summary>
/// Security labels (meta.security) the gateway writes and reads: sensitivity codes of v3-ActCode a DUI
/// may put on a finding or a report, and the v3-Confidentiality R that goes with any of them.
/// </summary>
public static class SecurityLabels
{
    /// <summary>The sensitivity codes a PCPE document may carry.</summary>
    public static IReadOnlyList<string> Sensitivities { get; } = ["ETH", "GDIS", "HIV", "PSY", "PSYTHPN", "SDV", "SEX", "STD", "TBOO"];

    /// <summary>Labels a resource with its sensitivities and, when it has any, as restricted (R).</summary>
    public static void Apply(Resource resource, IReadOnlyList<string> sensitivities)
    {
        if (sensitivities.Count == 0)
        {
            return;
        }

        resource.Meta ??= new Meta();
        resource.Meta.Security.Add(new Coding(CodeSystems.Confidentiality, "R", "restricted"));
        foreach (var code in sensitivities)
        {
            resource.Meta.Security.Add(new Coding(CodeSystems.ActCode, code));
        }
    }

    /// <summary>The sensitivity codes a resource is labelled with.</summary>
    public static IReadOnlyList<string> SensitivitiesOf(Resource resource)
        => resource.Meta?.Security.Where(c => c.System == CodeSystems.ActCode).Select(c => c.Code).OfType<string>().ToList() ?? [];
}
