using Hl7.Fhir.Model;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Mapping;

/// <summary>
/// A PCPE functional assessment → FHIR R4 transaction Bundle: a panel Observation (date, method,
/// evaluators as PractitionerRole, the PAG flag) whose members are one Observation per finding
/// (functional domain, life environment), per SERAFIN-PH need (intensity, analysis) and per note
/// (challenging behaviour, caregivers' know-how); Basic for the CDAPH notification;
/// DocumentReference per attached report.
/// </summary>
public sealed class FunctionalAssessmentMapper(TerminologyIndex terminology)
{
    private readonly SharedPartsMapper _parts = new(terminology);

    public Bundle ToTransaction(FunctionalAssessment assessment, SubmissionContext? context = null)
    {
        var builder = new TransactionBuilder();
        var finess = assessment.Structure.Finess;
        var localId = assessment.Person.LocalId;
        var identifier = BusinessIdentifiers.Assessment(finess, localId, assessment.DocumentId);
        var effective = new FhirDateTime(FhirDates.Format(assessment.Date));

        var patientUrn = PersonMapper.AddPatient(builder, assessment.Person, assessment.Structure);
        var structureUrn = PersonMapper.AddStructure(builder, finess, assessment.Structure.Name);

        var panel = new Observation
        {
            Identifier = [identifier],
            Extension = [SharedPartsMapper.VersionExtension(assessment.Version)],
            Status = ObservationStatus.Final,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "survey")],
            Code = _parts.Coded(CodeSystems.Concepts, "functional-assessment"),
            Subject = new ResourceReference(patientUrn),
            Effective = effective,
            Method = assessment.Method is null ? null : new CodeableConcept { Text = assessment.Method },
            Performer = assessment.Evaluators.Select(e => new ResourceReference(ProfessionalMapper.AddRole(builder, e, finess, structureUrn))).ToList(),
        };

        if (assessment.Context is { } situation)
        {
            if (situation.Cdaph is { } cdaph)
            {
                // R4 lets derivedFrom point at documents and observations only, not at a Basic.
                panel.Extension.Add(new Extension(GatewayProfiles.WorkflowSupportingInfo, new ResourceReference(_parts.AddCdaph(builder, cdaph, patientUrn, assessment.Structure, localId))));
            }

            panel.Component.Add(new Observation.ComponentComponent { Code = _parts.Coded(CodeSystems.Concepts, "under-pag"), Value = new FhirBoolean(situation.UnderPag) });
        }

        string Member(Observation observation, string suffix, string profile)
        {
            var memberIdentifier = BusinessIdentifiers.Part(identifier, suffix);
            observation.Identifier = [memberIdentifier];
            observation.Status = ObservationStatus.Final;
            observation.Subject = new ResourceReference(patientUrn);
            observation.Effective = effective;
            var urn = builder.Add(observation, memberIdentifier, profile);
            panel.HasMember.Add(new ResourceReference(urn));
            return urn;
        }

        foreach (var (finding, index) in assessment.Findings.Select((f, i) => (f, i)))
        {
            var observation = new Observation
            {
                Code = _parts.Coded(CodeSystems.FunctionalDomain, finding.Domain),
                Value = new FhirString(finding.Observation),
            };
            if (finding.Environment is { } environment)
            {
                observation.Component.Add(new Observation.ComponentComponent
                {
                    Code = _parts.Coded(CodeSystems.Concepts, "life-environment"),
                    Value = _parts.Coded(CodeSystems.LifeEnvironment, environment),
                });
            }

            Member(observation, $"CONST-{index}", GatewayProfiles.Finding);
            SecurityLabels.Apply(observation, finding.Sensitivity);
        }

        foreach (var need in assessment.Needs)
        {
            Member(
                new Observation
                {
                    Code = _parts.Serafin(CodeSystems.NeedsValueSet, need.Code),
                    Value = _parts.Coded(CodeSystems.NeedIntensity, need.Intensity),
                    Note = need.Analysis is null ? [] : [new Annotation { Text = need.Analysis }],
                },
                $"BESOIN-{need.Code}",
                GatewayProfiles.AssessedNeed);
        }

        foreach (var (behaviour, index) in assessment.ChallengingBehaviours.Select((b, i) => (b, i)))
        {
            Member(new Observation { Code = _parts.Coded(CodeSystems.Concepts, "challenging-behaviour"), Value = new FhirString(behaviour) }, $"CPB-{index}", GatewayProfiles.AssessmentNote);
        }

        if (assessment.CaregiversKnowHow is { } knowHow)
        {
            Member(new Observation { Code = _parts.Coded(CodeSystems.Concepts, "caregivers-know-how"), Value = new FhirString(knowHow) }, "AIDANTS", GatewayProfiles.AssessmentNote);
        }

        foreach (var (report, index) in assessment.Reports.Select((r, i) => (r, i)))
        {
            var reportIdentifier = BusinessIdentifiers.Part(identifier, $"DOC-{index}");
            var document = new DocumentReference
            {
                Identifier = [reportIdentifier],
                Status = DocumentReferenceStatus.Current,
                Type = _parts.Coded(CodeSystems.Concepts, "attached-report"),
                Subject = new ResourceReference(patientUrn),
                Description = report.Title,
                Content =
                [
                    new DocumentReference.ContentComponent
                    {
                        Attachment = new Attachment
                        {
                            Title = report.Title,
                            Url = report.Url,
                            ContentType = report.ContentType,
                            Creation = FhirDates.Format(report.Date),
                        },
                    },
                ],
            };
            panel.DerivedFrom.Add(new ResourceReference(builder.Add(document, reportIdentifier, GatewayProfiles.Report)));
            SecurityLabels.Apply(document, report.Sensitivity);
        }

        builder.Add(panel, identifier, GatewayProfiles.AssessmentPanel);
        return _parts.Complete(builder, assessment, identifier, patientUrn, structureUrn, context);
    }
}
