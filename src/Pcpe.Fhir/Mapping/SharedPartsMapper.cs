using Hl7.Fhir.Model;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Mapping;

/// <summary>Parts several PCPE documents share: needs, direct services, the CDAPH notification, sharing choices, provenance.</summary>
internal sealed class SharedPartsMapper(TerminologyIndex terminology)
{
    public CodeableConcept Serafin(string valueSet, string code)
        => new(CodeSystems.SerafinPh, code, terminology.DisplayInValueSet(valueSet, code), null);

    public CodeableConcept Coded(string system, string code)
        => new(system, code, terminology.DisplayInCodeSystem(system, code), null);

    /// <summary>The CareTeam of one document: the structure, then whoever the mapper adds.</summary>
    public static CareTeam NewCareTeam(Identifier document, string patientUrn, string structureUrn) => new()
    {
        Identifier = [new Identifier(BusinessIdentifiers.CareTeamSystem, $"{document.Value}-EQUIPE")],
        Status = CareTeam.CareTeamStatus.Active,
        Subject = new ResourceReference(patientUrn),
        ManagingOrganization = [new ResourceReference(structureUrn)],
        Participant = [new CareTeam.ParticipantComponent { Member = new ResourceReference(structureUrn) }],
    };

    /// <summary>A need → ServiceRequest (TDDUI tddui-service-request-besoin) based on the document's CarePlan.</summary>
    public string AddNeed(TransactionBuilder builder, Identifier document, Need need, string patientUrn, string carePlanUrn)
    {
        var identifier = BusinessIdentifiers.Part(document, $"BESOIN-{need.Code}");
        var request = new ServiceRequest
        {
            Identifier = [identifier],
            Status = RequestStatus.Active,
            Intent = RequestIntent.Plan,
            Category = [Serafin(CodeSystems.NeedsValueSet, need.Code)],
            Subject = new ResourceReference(patientUrn),
            BasedOn = [new ResourceReference(carePlanUrn)],
            Note = need.Description is null ? [] : [new Annotation { Text = need.Description }],
        };
        return builder.Add(request, identifier, GatewayProfiles.Need);
    }

    /// <summary>
    /// A direct service → Task (TDDUI tddui-task-prestation) based on the document's CarePlan; returns
    /// the Task's fullUrl and its owner's (the provider), when the provider is a resource of the bundle.
    /// </summary>
    public (string Task, string? Owner) AddService(TransactionBuilder builder, Identifier document, DirectService service, int index, string patientUrn, string carePlanUrn, string structureUrn)
    {
        var identifier = BusinessIdentifiers.Part(document, $"PREST-{index}");
        var task = new Hl7.Fhir.Model.Task
        {
            Identifier = [identifier],
            Status = Hl7.Fhir.Model.Task.TaskStatus.Accepted,
            Intent = Hl7.Fhir.Model.Task.TaskIntent.Plan,
            BasedOn = [new ResourceReference(carePlanUrn)],
            Code = Serafin(CodeSystems.DirectServicesValueSet, service.Code),
            Description = service.Description,
            For = new ResourceReference(patientUrn),
            ExecutionPeriod = service.Period is null ? null : FhirDates.ToPeriod(service.Period),
        };

        if (service.Provider is { } provider)
        {
            task.PerformerType = [Coded(CodeSystems.ProviderKind, provider.Kind)];
            task.Owner = new ResourceReference { Display = provider.Name };
            if (provider.Kind == "salaried")
            {
                task.Owner.Reference = structureUrn;
            }
            else if (provider.Rpps is { } rpps)
            {
                var id = new Identifier(FrenchIdentifierSystems.Rpps, rpps);
                task.Owner.Reference = builder.Add(new Practitioner { Identifier = [id], Name = [new HumanName { Text = provider.Name }] }, id, GatewayProfiles.Practitioner);
            }
            else if (provider.Finess is { } partner)
            {
                task.Owner.Reference = PersonMapper.AddStructure(builder, partner, provider.Name);
            }
        }

        if (service.Setting is { } setting)
        {
            task.Input.Add(new Hl7.Fhir.Model.Task.ParameterComponent { Type = Coded(CodeSystems.Concepts, "service-setting"), Value = Coded(CodeSystems.ServiceSetting, setting) });
        }

        if (service.HoursPerWeek is { } hours)
        {
            task.Input.Add(new Hl7.Fhir.Model.Task.ParameterComponent { Type = Coded(CodeSystems.Concepts, "hours-per-week"), Value = new FhirDecimal(hours) });
        }

        if (service.Frequency is { } frequency)
        {
            task.Input.Add(new Hl7.Fhir.Model.Task.ParameterComponent { Type = Coded(CodeSystems.Concepts, "frequency"), Value = new FhirString(frequency) });
        }

        return (builder.Add(task, identifier, GatewayProfiles.DirectService), task.Owner?.Reference);
    }

    /// <summary>The CDAPH notification → Basic (TDDUI tddui-basic-decision).</summary>
    public string AddCdaph(TransactionBuilder builder, CdaphNotification cdaph, string patientUrn, Structure structure, string localId)
    {
        var identifier = cdaph.Reference is { } reference
            ? new Identifier(BusinessIdentifiers.ViaTrajectoire, reference)
            : new Identifier(BusinessIdentifiers.CdaphSystem, $"3{structure.Finess}/{localId}-CDAPH-{FhirDates.Format(cdaph.DecisionDate)}");
        var basic = new Basic
        {
            Identifier = [identifier],
            Code = Coded(CodeSystems.CdaphNotificationKind, cdaph.Kind),
            Subject = new ResourceReference(patientUrn),
            Created = FhirDates.Format(cdaph.DecisionDate),
        };
        if (cdaph.Validity is { } validity)
        {
            basic.Extension.Add(new Extension(GatewayProfiles.CdaphValidity, FhirDates.ToPeriod(validity)));
        }

        return builder.Add(basic, identifier, GatewayProfiles.CdaphDecision);
    }

    /// <summary>
    /// What the person was told and chose about sharing within the care team → Consent: active when
    /// informed, proposed when not yet; provision deny on opposition; purpose ETREAT when the structure
    /// flags an emergency (R1110-3).
    /// </summary>
    public string AddSharing(TransactionBuilder builder, Identifier document, SharingPreferences sharing, string patientUrn)
    {
        var identifier = new Identifier(BusinessIdentifiers.ConsentSystem, $"{document.Value}-PARTAGE");
        var consent = new Consent
        {
            Identifier = [identifier],
            Status = sharing.PersonInformed ? Consent.ConsentState.Active : Consent.ConsentState.Proposed,
            Scope = new CodeableConcept(CodeSystems.ConsentScope, "patient-privacy"),
            Category = [Coded(CodeSystems.Concepts, "care-team-sharing")],
            Patient = new ResourceReference(patientUrn),
            PolicyRule = Coded(CodeSystems.Concepts, "care-team-sharing"),
            Provision = new Consent.provisionComponent { Type = sharing.Opposition ? Consent.ConsentProvisionType.Deny : Consent.ConsentProvisionType.Permit },
        };
        if (sharing.Emergency)
        {
            consent.Provision.Purpose.Add(new Coding(CodeSystems.ActReason, "ETREAT", "emergency treatment"));
        }

        return builder.Add(consent, identifier, GatewayProfiles.SharingConsent);
    }

    /// <summary>
    /// The person's choices for their own space → Consent pcpe-consent-dmp: provision deny on an opposition
    /// to feeding their DMP (CSP L1111-15), the visibility choices as the DMP's own codes in provision.securityLabel.
    /// </summary>
    public string AddDmpChoices(TransactionBuilder builder, Identifier document, DmpChoices dmp, string patientUrn)
    {
        var identifier = new Identifier(BusinessIdentifiers.ConsentSystem, $"{document.Value}-DMP");
        var consent = new Consent
        {
            Identifier = [identifier],
            Status = Consent.ConsentState.Active,
            Scope = new CodeableConcept(CodeSystems.ConsentScope, "patient-privacy"),
            Category = [Coded(CodeSystems.Concepts, "dmp-feeding")],
            Patient = new ResourceReference(patientUrn),
            PolicyRule = Coded(CodeSystems.Concepts, "dmp-feeding"),
            Provision = new Consent.provisionComponent { Type = dmp.Opposition ? Consent.ConsentProvisionType.Deny : Consent.ConsentProvisionType.Permit },
        };
        foreach (var code in Sharing.DmpVisibilityCodes.Of(dmp))
        {
            consent.Provision.SecurityLabel.Add(new Coding(CodeSystems.DmpVisibility, code, Sharing.DmpVisibilityCodes.Display(code)));
        }

        return builder.Add(consent, identifier, GatewayProfiles.DmpConsent);
    }

    /// <summary>
    /// A consent to disclosure outside the care team → Consent pcpe-consent-disclosure: a deny base (the
    /// law's default outside the team) whose nested provisions permit or deny recipients (by FINESS or
    /// RPPS, or a Group standing for a category) and data classes.
    /// </summary>
    public string AddDisclosureConsent(TransactionBuilder builder, PersonConsent source, string structureFiness, string patientUrn, string structureUrn)
    {
        var identifier = new Identifier(BusinessIdentifiers.ConsentSystem, Sharing.DisclosureConsents.IdentifierOf(structureFiness, source.Id));
        var consent = new Consent
        {
            Identifier = [identifier],
            Status = source.Status == "withdrawn" ? Consent.ConsentState.Inactive : Consent.ConsentState.Active,
            Scope = new CodeableConcept(CodeSystems.ConsentScope, "patient-privacy"),
            Category = [Coded(CodeSystems.Concepts, "disclosure-consent")],
            Patient = new ResourceReference(patientUrn),
            DateTime = FhirDates.Format(source.Date),
            Organization = [new ResourceReference(structureUrn)],
            PolicyRule = Coded(CodeSystems.Concepts, "disclosure-consent"),
            Provision = new Consent.provisionComponent
            {
                Type = Consent.ConsentProvisionType.Deny,
                Period = source.Period is { } period ? FhirDates.ToPeriod(period) : null,
                Provision = source.Provisions.Select(p => new Consent.provisionComponent
                {
                    Type = p.Decision == "permit" ? Consent.ConsentProvisionType.Permit : Consent.ConsentProvisionType.Deny,
                    Period = p.Period is { } at ? FhirDates.ToPeriod(at) : null,
                    Actor = [.. p.Recipients.Select(RecipientActor), .. p.Categories.Select(CategoryActor)],
                    Class = p.DataClasses.Select(c => new Coding(CodeSystems.DataClass, c, terminology.DisplayInCodeSystem(CodeSystems.DataClass, c))).ToList(),
                }).ToList(),
            },
        };
        return builder.Add(consent, identifier, GatewayProfiles.DisclosureConsent);
    }

    private static Consent.provisionActorComponent RecipientActor(string identity)
    {
        var colon = identity.IndexOf(':', StringComparison.Ordinal);
        var finess = identity.StartsWith("finess:", StringComparison.Ordinal);
        return new Consent.provisionActorComponent
        {
            Role = new CodeableConcept(CodeSystems.ParticipationType, "IRCP", "information recipient", null),
            Reference = new ResourceReference
            {
                Type = finess ? "Organization" : "Practitioner",
                Identifier = new Identifier(finess ? FrenchIdentifierSystems.Finess : FrenchIdentifierSystems.Rpps, identity[(colon + 1)..]),
            },
        };
    }

    // FHIR names "any recipient of this kind" by a Group: here identified by the category's code.
    private Consent.provisionActorComponent CategoryActor(string category) => new()
    {
        Role = new CodeableConcept(CodeSystems.ParticipationType, "IRCP", "information recipient", null),
        Reference = new ResourceReference
        {
            Type = "Group",
            Identifier = new Identifier(CodeSystems.RecipientCategory, category),
            Display = terminology.DisplayInCodeSystem(CodeSystems.RecipientCategory, category),
        },
    };

    /// <summary>What closes every document's bundle: the person's sharing choices and, when known, who pushed it.</summary>
    public Bundle Complete(TransactionBuilder builder, IPcpeDocument document, Identifier documentIdentifier, string patientUrn, string structureUrn, SubmissionContext? context)
    {
        if (document.Sharing is { } sharing)
        {
            AddSharing(builder, documentIdentifier, sharing, patientUrn);
            if (sharing.Dmp is { } dmp)
            {
                AddDmpChoices(builder, documentIdentifier, dmp, patientUrn);
            }

            foreach (var consent in sharing.Consents)
            {
                AddDisclosureConsent(builder, consent, document.Structure.Finess, patientUrn, structureUrn);
            }
        }

        if (context is not null)
        {
            ProvenanceMapper.Add(builder, context, documentIdentifier, document.Version, structureUrn);
        }

        return builder.Bundle;
    }

    public static Extension VersionExtension(int version) => new(GatewayProfiles.DocumentVersion, new Integer(version));
}
