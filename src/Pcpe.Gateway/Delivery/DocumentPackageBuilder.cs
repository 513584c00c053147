using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using Pcpe.Documents.Cda;
using Pcpe.Documents.Pdf;
using Pcpe.Documents.ValueSets;
using Pcpe.Fhir;
using Pcpe.Fhir.Documents;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Sharing;
using Pcpe.Fhir.Terminology;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Store;
using Pcpe.Mss.Xdm;

namespace Pcpe.Gateway.Delivery;

/// <summary>
/// Builds what a hospital's system, a professional or the person's mailbox receives over MSSanté for a
/// delivery: a CDA R2 N1 (the CI-SIS header, the readable PDF embedded) in IHE_XDM.ZIP, described by
/// METADATA.XML with the CI-SIS codes; a new version replaces the one this recipient received before.
/// A coordinator's message, which has no CDA form, travels as its FHIR Bundle.
/// </summary>
public sealed class DocumentPackageBuilder(IOptions<MssGatewayOptions> options, GatewayStore store, MinimisationPolicy policy, TerminologyIndex terminology)
{
    private readonly ReadableDocumentBuilder _readable = new(terminology);
    private readonly DocumentBundleBuilder _fhirDocuments = new(terminology);

    /// <summary>The package of one delivery; <paramref name="dmp"/>, for the person's own space, are their visibility
    /// choices, written as the DMP's confidentiality codes.</summary>
    public async Task<DocumentPackage> BuildAsync(LeasedDelivery delivery, RecipientOptions recipient, DateTimeOffset now, CancellationToken cancellationToken, Pcpe.Fhir.Model.DmpChoices? dmp = null)
    {
        var mss = options.Value;
        var bundle = FhirJson.Deserialize<Bundle>(delivery.Payload);
        if (PcpeBundleReader.Read(bundle, []) is not { } model)
        {
            return CoordinatorMessage(delivery, bundle, now);
        }

        // The document is dated when its delivery was made, not when it is sent: a resend or a replay carries
        // the same document under the same uniqueId.
        var made = delivery.CreatedAt;
        var document = _readable.Build(model) with
        {
            Withheld = policy.RuleFor(recipient.Category) is { } rule ? WithheldDescriptions.Of(rule) : [],
        };
        var pdf = DocumentPdfRenderer.Render(document, made);
        var previous = await store.PreviousDeliveredVersionAsync(delivery, cancellationToken);
        var uniqueId = DocumentOid(delivery, delivery.DocumentVersion);
        var replaces = previous is { } version ? DocumentOid(delivery, version) : null;
        var confidentiality = CisisValueSets.Require(CisisValueSets.ConfidentialityCode, mss.Xdm.ConfidentialityCode);
        var facility = CisisValueSets.Require(CisisValueSets.HealthcareFacilityTypeCode, mss.Xdm.HealthcareFacilityTypeCode);
        var practice = CisisValueSets.Require(CisisValueSets.PracticeSettingCode, mss.Xdm.PracticeSettingCode);
        var cda = ClinicalDocumentBuilder.Build(
            document,
            new CdaSending
            {
                DocumentOid = uniqueId,
                SetOid = XdmIdentifiers.Oid(Derived($"cda-set/{delivery.StructureFiness}/{delivery.Kind}/{delivery.DocumentId}")),
                CreatedAt = made,
                LocalPatientIdOid = mss.LocalPatientIdOid,
                GatewayOid = mss.SourceOid,
                HealthcareFacilityType = facility,
                PracticeSetting = practice,
                Confidentiality = confidentiality,
                Pdf = pdf,
            },
            replaces is null ? null : new ClinicalDocumentBuilder.ReplacedDocument(replaces, previous!.Value));

        var type = CisisValueSets.Require(CisisValueSets.TypeCode, document.Type.Code);
        var institution = XdmIdentifiers.InstitutionByFiness(document.Structure.Name, document.Structure.Finess);
        List<XdmDocument> documents =
        [
            Entry(cda, "text/xml", "XML", document.Title, uniqueId, type, XdsClassCodes.Of(type.Code), CisisValueSets.Require(CisisValueSets.FormatCode, "urn:ihe:iti:xds-sd:pdf:2008")) with
            {
                AuthorInstitution = institution,
                AuthorPerson = document.Author is { } author ? AuthorPerson(author) : null,
                Replaces = replaces,
                MoreConfidentialityCodes = dmp is null ? [] : [.. DmpVisibilityCodes.Of(dmp).Select(c => Code(CisisValueSets.Require(CisisValueSets.ConfidentialityCode, c)))],
            },
        ];
        if (recipient.AttachFhirBundle)
        {
            documents.Add(Entry(
                FhirJson.SerializeToUtf8(_fhirDocuments.Build(model, bundle, made)), "application/fhir+json", "JSN", $"{document.Title} (FHIR)",
                DocumentOid(delivery, delivery.DocumentVersion, "fhir"), type, XdsClassCodes.Of(type.Code),
                CisisValueSets.Require(CisisValueSets.FormatCode, "urn:ihe:iti:xds:2017:mimeTypeSufficient")));
        }

        var ins = ClinicalDocumentBuilder.QualifiedIns(document.Person);
        return new DocumentPackage
        {
            Title = document.Type.Display,
            Pdf = pdf,
            CdaCode = type.Code,
            QualifiedIns = ins is not null,
            PersonIns = ins?.Number,
            DestinationFiness = (model as Pcpe.Fhir.Model.TransitionPlan)?.To.Finess,
            Xdm = new XdmSubmission
            {
                PatientId = ins is not null
                    ? XdmSubmission.PatientIdFromIns(ins.Number, ins.Oid)
                    : XdmSubmission.PatientIdFromIns(ClinicalDocumentBuilder.LocalPatientId(document.Person, document.Structure), mss.LocalPatientIdOid),
                SourcePatientInfo =
                [
                    $"PID-5|{document.Person.FamilyName}^{document.Person.GivenNames.FirstOrDefault()}^^^^^L",
                    $"PID-7|{document.Person.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}",
                    $"PID-8|{document.Person.Sex switch { "female" => "F", "male" => "M", _ => "U" }}",
                ],
                UniqueId = XdmIdentifiers.Oid(SendingId(delivery)),
                SourceId = mss.SourceOid,
                AuthorInstitution = institution,
                ContentTypeCode = Code(type),
                SubmissionTime = now,
                Documents = documents,
            },
        };

        XdmDocument Entry(byte[] content, string mimeType, string extension, string title, string id, CisisConcept typeCode, CisisConcept classCode, CisisConcept format) => new()
        {
            Content = content,
            MimeType = mimeType,
            Extension = extension,
            Title = title,
            UniqueId = id,
            ClassCode = Code(classCode),
            TypeCode = Code(typeCode),
            FormatCode = Code(format),
            HealthcareFacilityTypeCode = Code(facility),
            PracticeSettingCode = Code(practice),
            ConfidentialityCode = Code(confidentiality),
            CreationTime = made,
        };
    }

    /// <summary>A coordinator's message has no CDA form: its FHIR Bundle travels as stored.</summary>
    private DocumentPackage CoordinatorMessage(LeasedDelivery delivery, Bundle bundle, DateTimeOffset now)
    {
        var mss = options.Value;
        var type = CisisValueSets.Require(CisisValueSets.TypeCode, DocumentTypes.MedicoSocialDocument.Code);
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().First();
        var local = patient.Identifier.First(i => i.System == Pcpe.Fhir.Identity.FrenchIdentifierSystems.LocalUsager);
        var organization = bundle.Entry.Select(e => e.Resource).OfType<Organization>().FirstOrDefault();
        var finess = organization?.Identifier.FirstOrDefault(i => i.System == Pcpe.Fhir.Identity.FrenchIdentifierSystems.Finess)?.Value ?? delivery.StructureFiness;
        return new DocumentPackage
        {
            Title = "Message de coordination",
            Xdm = new XdmSubmission
            {
                PatientId = XdmSubmission.PatientIdFromIns(local.Value!, mss.LocalPatientIdOid),
                UniqueId = XdmIdentifiers.Oid(SendingId(delivery)),
                SourceId = mss.SourceOid,
                AuthorInstitution = XdmIdentifiers.InstitutionByFiness(organization?.Name, finess),
                ContentTypeCode = Code(type),
                SubmissionTime = now,
                Documents =
                [
                    new XdmDocument
                    {
                        Content = delivery.Payload,
                        MimeType = "application/fhir+json",
                        Extension = "JSN",
                        Title = "Message de coordination (FHIR)",
                        UniqueId = XdmIdentifiers.Oid(delivery.SubmissionId),
                        ClassCode = Code(XdsClassCodes.Of(type.Code)),
                        TypeCode = Code(type),
                        FormatCode = Code(CisisValueSets.Require(CisisValueSets.FormatCode, "urn:ihe:iti:xds:2017:mimeTypeSufficient")),
                        HealthcareFacilityTypeCode = Code(CisisValueSets.Require(CisisValueSets.HealthcareFacilityTypeCode, mss.Xdm.HealthcareFacilityTypeCode)),
                        PracticeSettingCode = Code(CisisValueSets.Require(CisisValueSets.PracticeSettingCode, mss.Xdm.PracticeSettingCode)),
                        ConfidentialityCode = Code(CisisValueSets.Require(CisisValueSets.ConfidentialityCode, mss.Xdm.ConfidentialityCode)),
                        CreationTime = now,
                    },
                ],
            },
        };
    }

    /// <summary>The uniqueId of one version of a document as this recipient, at this address, receives it:
    /// the same for every sending of it, so the next version can name it as the one it replaces.</summary>
    private static string DocumentOid(LeasedDelivery delivery, int version, string form = "cda")
        => XdmIdentifiers.Oid(Derived($"{form}/{delivery.RecipientId}/{delivery.Address}/{delivery.StructureFiness}/{delivery.Kind}/{delivery.DocumentId}/{version}"));

    /// <summary>Identifies one sending, for the XDM SubmissionSet.uniqueId (unique per submission in IHE XDS): the
    /// delivery id, and after a replay an id derived from it and the attempts made before the replay.</summary>
    private static Guid SendingId(LeasedDelivery delivery)
        => delivery.AttemptsBeforeReplay == 0 ? delivery.Id : Derived($"{delivery.Id:N}/sending-{delivery.AttemptsBeforeReplay}");

    private static string AuthorPerson(Pcpe.Fhir.Model.Professional author)
        => author switch
        {
            { Rpps: { } rpps } => $"8{rpps}^{author.FamilyName}^{author.GivenName}^^^^^^&1.2.250.1.71.4.2.1&ISO",
            { Adeli: { } adeli } => $"0{adeli}^{author.FamilyName}^{author.GivenName}^^^^^^&1.2.250.1.71.4.2.1&ISO",
            _ => $"^{author.FamilyName}^{author.GivenName}",
        };

    private static XdmCode Code(CisisConcept concept) => new(concept.Code, concept.CodeSystem, concept.Display);

    /// <summary>A stable id named by a text: the same text, the same id.</summary>
    private static Guid Derived(string name) => new(MD5.HashData(Encoding.UTF8.GetBytes(name)));
}
