namespace Pcpe.Gateway.Configuration;

/// <summary>How a transaction is addressed to a FHIR REST receiver (<c>Gateway:Recipients:{id}:Relay</c>).</summary>
public enum FhirRelayMode
{
    /// <summary>Each entry is a conditional update on its business identifier (<c>PUT Type?identifier=…</c>).</summary>
    ConditionalUpdate,

    /// <summary>
    /// TDDUI v2's "create only": the receiver assigns the ids. What it does not hold yet is created
    /// (<c>POST</c>, with <c>ifNoneExist</c>); what it does, by the id it answered, is updated (<c>PUT Type/id</c>).
    /// </summary>
    CreateOnly,
}
