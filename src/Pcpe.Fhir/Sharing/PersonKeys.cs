using Hl7.Fhir.Model;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Sharing;

/// <summary>
/// The key the consent registry, the care team and the disclosure report file a person under: the INS
/// when the identity is qualified (shared by every structure), otherwise the structure's local
/// identifier (TDDUI). The gateway stores only a keyed hash of it, never the key itself.
/// </summary>
public static class PersonKeys
{
    public static string Ins(string number) => "ins:" + number.Replace(" ", string.Empty, StringComparison.Ordinal);

    public static string Local(string structureFiness, string localId) => $"local:3{structureFiness}/{localId}";

    /// <summary>The key of the person of a PCPE document.</summary>
    public static string Of(PersonIdentity person, string structureFiness)
        => person.Ins is { IdentityStatus: "QUAL" } ins && InsNumber.KindOfOid(ins.Oid) is not null
            ? Ins(ins.Number)
            : Local(structureFiness, person.LocalId);

    /// <summary>The key of a person named by FHIR identifiers (a Patient, or a Consent's patient reference), or null.</summary>
    public static string? Of(IEnumerable<Identifier> identifiers)
    {
        string? local = null;
        foreach (var identifier in identifiers)
        {
            if (InsNumber.KindOfOid(identifier.System) is not null && !string.IsNullOrEmpty(identifier.Value))
            {
                return Ins(identifier.Value);
            }

            if (identifier.System == FrenchIdentifierSystems.LocalUsager && !string.IsNullOrEmpty(identifier.Value))
            {
                local ??= "local:" + identifier.Value;
            }
        }

        return local;
    }
}
