using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Pcpe.Documents.ValueSets;
using Pcpe.Fhir.Documents;
using Pcpe.Fhir.Model;

namespace Pcpe.Documents.Cda;

/// <summary>
/// Writes the CDA R2 niveau 1 of a PCPE document: the CI-SIS header (structuration minimale) and the
/// readable PDF embedded in nonXMLBody, as hospitals' systems and the DMP integrate it (IHE XDS-SD).
/// </summary>
public static class ClinicalDocumentBuilder
{
    private static readonly XNamespace Hl7 = "urn:hl7-org:v3";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>The document this one replaces at the receiver, when it does: its id and version.</summary>
    public sealed record ReplacedDocument(string DocumentOid, int Version);

    public static byte[] Build(ReadableDocument document, CdaSending sending, ReplacedDocument? replaces = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(sending);
        var type = CisisValueSets.Require(CisisValueSets.TypeCode, document.Type.Code);
        var created = Timestamp(sending.CreatedAt);
        var root = E("ClinicalDocument",
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            E("realmCode", A("code", "FR")),
            E("typeId", A("root", "2.16.840.1.113883.1.3"), A("extension", "POCD_HD000040")),
            Template("2.16.840.1.113883.2.8.2.1"),
            Template("1.2.250.1.213.1.1.1.1"),
            Template("1.3.6.1.4.1.19376.1.2.20"),
            E("id", A("root", sending.DocumentOid)),
            Code("code", type, "LOINC"),
            E("title", document.Title),
            E("effectiveTime", A("value", created)),
            Code("confidentialityCode", sending.Confidentiality, "Confidentiality"),
            E("languageCode", A("code", "fr-FR")),
            E("setId", A("root", sending.SetOid)),
            E("versionNumber", A("value", document.Version.ToString(CultureInfo.InvariantCulture))),
            RecordTarget(document.Person, document.Structure, sending),
            Author(document, sending, created),
            Custodian(document.Structure),
            LegalAuthenticator(document, created),
            DocumentationOf(document, sending),
            replaces is null ? null : E("relatedDocument", A("typeCode", "RPLC"),
                E("parentDocument",
                    E("id", A("root", replaces.DocumentOid)),
                    E("setId", A("root", sending.SetOid)),
                    E("versionNumber", A("value", replaces.Version.ToString(CultureInfo.InvariantCulture))))),
            ComponentOf(document, sending),
            E("component", E("nonXMLBody",
                E("text", A("mediaType", "application/pdf"), A("representation", "B64"), Convert.ToBase64String(sending.Pdf.Span)))));

        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true }))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
        }

        return output.ToArray();
    }

    /// <summary>The person's local id as TDDUI writes it (3 + the structure's FINESS / the DUI's id): unique
    /// across structures, and the same as the FHIR Patient's.</summary>
    public static string LocalPatientId(PersonIdentity person, Structure structure) => $"3{structure.Finess}/{person.LocalId}";

    private static XElement RecordTarget(PersonIdentity person, Structure structure, CdaSending sending)
    {
        var sex = person.Sex switch
        {
            "female" => ("F", "Féminin"),
            "male" => ("M", "Masculin"),
            _ => ("UN", "Inconnu"),
        };
        return E("recordTarget", E("patientRole",
            QualifiedIns(person) is { } ins ? E("id", A("root", ins.Oid), A("extension", ins.Number)) : null,
            E("id", A("root", sending.LocalPatientIdOid), A("extension", LocalPatientId(person, structure))),
            E("patient", A("classCode", "PSN"),
                E("name",
                    E("family", A("qualifier", "BR"), person.FamilyName),
                    person.GivenNames.Count > 0 ? E("given", string.Join(' ', person.GivenNames)) : null,
                    person.GivenNames.Count > 0 ? E("given", A("qualifier", "BR"), person.GivenNames[0]) : null),
                E("administrativeGenderCode", A("code", sex.Item1), A("displayName", sex.Item2), A("codeSystem", "2.16.840.1.113883.5.1")),
                E("birthTime", A("value", person.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture))),
                person.BirthPlaceCode is { } birthPlace ? E("birthplace", E("place", E("addr", E("county", birthPlace)))) : null)));
    }

    /// <summary>The INS when the identity is qualified and the document carries every INS trait (CI-SIS: birth
    /// name, given names, birth date, sex and birth place); only then may it be exchanged (référentiel INS).</summary>
    public static InsIdentifier? QualifiedIns(PersonIdentity person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.ExchangeableIns();
    }

    private static XElement Author(ReadableDocument document, CdaSending sending, string created)
    {
        var assigned = document.Author is { } author && HasId(author)
            ? E("assignedAuthor",
                ProfessionalId(author, document.Structure),
                Code("code", AuthorSpecialties.Of(author.Profession), null),
                Person(author),
                Organization("representedOrganization", document.Structure))
            : E("assignedAuthor",
                E("id", A("root", sending.GatewayOid), A("extension", document.Structure.Finess)),
                E("assignedAuthoringDevice",
                    E("manufacturerModelName", "Pcpe.Gateway"),
                    E("softwareName", "Pcpe.Gateway")),
                Organization("representedOrganization", document.Structure));
        return E("author", E("time", A("value", created)), assigned);
    }

    private static XElement Custodian(Structure structure)
        => E("custodian", E("assignedCustodian", Organization("representedCustodianOrganization", structure)));

    /// <summary>Who answers for the document: the professional who wrote and validated it when the document says
    /// so (a plan's agreement), else the structure, at the time the document was made.</summary>
    private static XElement LegalAuthenticator(ReadableDocument document, string created)
        => document is { AuthenticatedOn: { } on, Author: { } author } && HasId(author)
            ? E("legalAuthenticator",
                E("time", A("value", on.ToString("yyyyMMdd", CultureInfo.InvariantCulture))),
                E("signatureCode", A("code", "S")),
                E("assignedEntity", ProfessionalId(author, document.Structure), Person(author), Organization("representedOrganization", document.Structure)))
            : E("legalAuthenticator",
                E("time", A("value", created)),
                E("signatureCode", A("code", "S")),
                E("assignedEntity",
                    E("id", A("root", "1.2.250.1.71.4.2.2"), A("extension", "1" + document.Structure.Finess)),
                    Organization("representedOrganization", document.Structure)));

    private static XElement DocumentationOf(ReadableDocument document, CdaSending sending)
        => E("documentationOf", E("serviceEvent",
            E("effectiveTime",
                E("low", A("value", document.ServicePeriod.Start.ToString("yyyyMMdd", CultureInfo.InvariantCulture))),
                document.ServicePeriod.End is { } end ? E("high", A("value", end.ToString("yyyyMMdd", CultureInfo.InvariantCulture))) : null),
            E("performer", A("typeCode", "PRF"),
                E("assignedEntity",
                    document.Author is { } author && HasId(author) ? ProfessionalId(author, document.Structure) : E("id", A("root", "1.2.250.1.71.4.2.2"), A("extension", "1" + document.Structure.Finess)),
                    document.Author is { } named && HasId(named) ? Person(named) : null,
                    Organization("representedOrganization", document.Structure,
                        Code("standardIndustryClassCode", sending.PracticeSetting, "practiceSettingCode"))))));

    private static XElement ComponentOf(ReadableDocument document, CdaSending sending)
        => E("componentOf", E("encompassingEncounter",
            E("effectiveTime", E("low", A("value", document.ServicePeriod.Start.ToString("yyyyMMdd", CultureInfo.InvariantCulture)))),
            E("location", E("healthCareFacility",
                E("id", A("root", "1.2.250.1.71.4.2.2"), A("extension", "1" + document.Structure.Finess)),
                Code("code", sending.HealthcareFacilityType, null)))));

    private static bool HasId(Professional professional) => (professional.Rpps ?? professional.Adeli ?? professional.InternalId) is not null;

    /// <summary>A professional's national id (ANS "identifiant national" of type 8 RPPS, 0 ADELI, 3 structure-internal).</summary>
    private static XElement ProfessionalId(Professional professional, Structure structure)
        => professional switch
        {
            { Rpps: { } rpps } => E("id", A("root", "1.2.250.1.71.4.2.1"), A("extension", "8" + rpps)),
            { Adeli: { } adeli } => E("id", A("root", "1.2.250.1.71.4.2.1"), A("extension", "0" + adeli)),
            { InternalId: { } local } => E("id", A("root", "1.2.250.1.71.4.2.1"), A("extension", $"3{structure.Finess}/{local}")),
            _ => E("id", A("nullFlavor", "UNK")),
        };

    private static XElement Person(Professional professional)
        => E("assignedPerson", E("name", E("given", professional.GivenName), E("family", professional.FamilyName)));

    private static XElement Organization(string element, Structure structure, params object?[] more)
        => E(element,
            E("id", A("root", "1.2.250.1.71.4.2.2"), A("extension", "1" + structure.Finess)),
            E("name", structure.Name),
            more);

    private static XElement Template(string root) => E("templateId", A("root", root));

    private static XElement Code(string element, CisisConcept concept, string? codeSystemName)
        => E(element, A("code", concept.Code), A("displayName", concept.Display), A("codeSystem", concept.CodeSystem), codeSystemName is null ? null : A("codeSystemName", codeSystemName));

    /// <summary>HL7 v3 TS with seconds and the UTC offset (yyyyMMddHHmmss+hhmm).</summary>
    private static string Timestamp(DateTimeOffset at)
        => at.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (at.Offset < TimeSpan.Zero ? "-" : "+") + at.Offset.ToString("hhmm", CultureInfo.InvariantCulture);

    private static XElement E(string name, params object?[] content) => new(Hl7 + name, content);

    private static XAttribute A(string name, string value) => new(name, value);
}
