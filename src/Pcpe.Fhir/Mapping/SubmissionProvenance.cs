using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Mapping;

/// <summary>
/// The gateway's Provenance of a pushed PCPE document: which DUI client pushed it, for which structure,
/// and when. It is added after the document's content hash is taken, so the same version pushed again
/// later is still recognised as the same document.
/// </summary>
public static class SubmissionProvenance
{
    /// <summary>Adds the Provenance entry to the document's transaction (in memory).</summary>
    public static Hl7.Fhir.Model.Bundle.EntryComponent Add(PreparedDocument document, SubmissionContext context)
    {
        var source = document.Source ?? throw new ArgumentException("only a PCPE document carries the gateway's Provenance", nameof(document));
        var entry = ProvenanceMapper.Entry(document.Bundle, context, BusinessIdentifiers.Document(source), source.Version, PersonMapper.StructureUrn(source.Structure.Finess));
        document.Bundle.Entry.Add(entry);
        return entry;
    }

    /// <summary>
    /// Adds the Provenance entry to the document's transaction and returns the transaction's JSON with it:
    /// <paramref name="transactionJson"/>, the serialization of the same Bundle without it, with the entry
    /// appended (byte for byte what serializing the whole Bundle again gives, for a fraction of the cost).
    /// </summary>
    public static byte[] Append(PreparedDocument document, byte[] transactionJson, SubmissionContext context)
    {
        var entry = Add(document, context);

        // Hand-written splice: the SDK serializes a transaction with "entry" last, so the JSON ends "]}".
        // A Bundle of the entry alone gives the entry's bytes between its "[" and that same "]}".
        var alone = FhirJson.SerializeToUtf8(new Hl7.Fhir.Model.Bundle { Type = document.Bundle.Type, Entry = [entry] });
        var entryStart = alone.AsSpan().IndexOf("\"entry\":["u8) + "\"entry\":["u8.Length;
        if (entryStart < "\"entry\":["u8.Length || document.Bundle.Entry.Count < 2 || !transactionJson.AsSpan().EndsWith("]}"u8) || !alone.AsSpan().EndsWith("]}"u8))
        {
            throw new InvalidOperationException("the transaction JSON is not in the SDK's compact form");
        }

        var entryJson = alone.AsSpan(entryStart, alone.Length - entryStart - 2);
        var result = new byte[transactionJson.Length + 1 + entryJson.Length];
        transactionJson.AsSpan(0, transactionJson.Length - 2).CopyTo(result);
        var at = transactionJson.Length - 2;
        result[at++] = (byte)',';
        entryJson.CopyTo(result.AsSpan(at));
        at += entryJson.Length;
        "]}"u8.CopyTo(result.AsSpan(at));
        return result;
    }
}
