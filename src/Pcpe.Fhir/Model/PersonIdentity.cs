namespace Pcpe.Fhir.Model;

/// <summary>The person supported (usager), as the DUI knows them.</summary>
public sealed record PersonIdentity
{
    /// <summary>National health identifier, when the DUI has one.</summary>
    public InsIdentifier? Ins { get; init; }

    /// <summary>The DUI's own identifier of the person; the TDDUI local identifier is built from it and the structure's FINESS.</summary>
    public required string LocalId { get; init; }

    /// <summary>Birth family name.</summary>
    public required string FamilyName { get; init; }

    /// <summary>Given names; the first is the first given name of the INS identity.</summary>
    public required IReadOnlyList<string> GivenNames { get; init; }

    /// <summary>Birth date (yyyy-MM-dd).</summary>
    public required DateOnly BirthDate { get; init; }

    /// <summary>Birth place, as its INSEE (COG) code: the commune, or 99 + the country for a birth abroad. One
    /// of the INS traits: a document can carry a qualified INS only with it (CI-SIS).</summary>
    public string? BirthPlaceCode { get; init; }

    /// <summary>Administrative sex: female, male, other, unknown; null when the sender did not say (TDDUI allows it).</summary>
    public string? Sex { get; init; }

    /// <summary>The INS when it may be exchanged: the identity is qualified and every INS trait is known (birth
    /// name, given names, birth date, sex and birth place; référentiel INS and CI-SIS). Null otherwise.</summary>
    public InsIdentifier? ExchangeableIns()
        => this is { Ins: { IdentityStatus: "QUAL" } ins, BirthPlaceCode.Length: 5, Sex: "female" or "male", FamilyName.Length: > 0, GivenNames.Count: > 0 }
            ? ins
            : null;
}

/// <summary>An INS as pushed: the number, its OID and the identity status of the record.</summary>
public sealed record InsIdentifier
{
    /// <summary>15 characters (13 + key). Corsica: 2A/2B at characters 6-7.</summary>
    public required string Number { get; init; }

    /// <summary>OID of the register: 1.2.250.1.213.1.4.8 (NIR), .9 (NIA); .10/.11 test/demo.</summary>
    public required string Oid { get; init; }

    /// <summary>Identity reliability: PROV, RECUP, VALI or QUAL. Only QUAL lets the INS be exchanged.</summary>
    public required string IdentityStatus { get; init; }
}
