namespace Pcpe.Fhir.NationalDirectory;

/// <summary>One MSSanté mailbox the national directory (Annuaire Santé) publishes.</summary>
/// <param name="Address">The mailbox address.</param>
/// <param name="Type">TRE_R257 type: PER (a professional's), ORG (an organisation's), APP (an application's),
/// CAB (a practice's); null when the directory gives none.</param>
/// <param name="Rank">1 for the preferred mailbox; null when not ranked.</param>
public sealed record DirectoryMailbox(string Address, string? Type, int? Rank);
