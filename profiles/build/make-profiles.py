#!/usr/bin/env python3
"""Writes the gateway's own conformance resources into profiles/ (CodeSystems, ValueSets,
StructureDefinitions as differentials on base R4). This file is their source: edit it, run it, commit
both. The gateway's conformance checker reads the generated JSON, never this script."""
import json, os

BASE = "https://pcpe-gateway.example/fhir"
R4 = "http://hl7.org/fhir/StructureDefinition/"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT_TERM = os.path.join(HERE, "..", "terminology")
OUT_SD = os.path.join(HERE, "..", "structuredefinitions")

LOCAL_USAGER = "https://identifiant-medicosocial-localusager.esante.gouv.fr"
PPER = "https://identifiant-medicosocial-projetpersonnalise.esante.gouv.fr"
FINESS = "https://finess.esante.gouv.fr"
J285 = "https://mos.esante.gouv.fr/NOS/JDV_J285-Besoins_SERAFIN/FHIR/JDV-J285-Besoins-SERAFIN"
J284 = "https://mos.esante.gouv.fr/NOS/JDV_J284-PrestationsDirects_SERAFIN/FHIR/JDV-J284-PrestationsDirects-SERAFIN"
# R4's own extension for what an event rests on: the CDAPH decision of an assessment (derivedFrom cannot
# point at a Basic in R4).
WORKFLOW_SUPPORTING_INFO = "http://hl7.org/fhir/StructureDefinition/workflow-supportingInfo"
TRE_R390 = "https://smt.esante.gouv.fr/fhir/CodeSystem/tre-r390-type-projet-personnalise"

CODE_SYSTEMS = {
    "pcpe-concepts": ("Concepts of the PCPE gateway", [
        ("functional-assessment", "Évaluation fonctionnelle PCPE"),
        ("challenging-behaviour", "Comportement-problème observé"),
        ("caregivers-know-how", "Savoir-faire des aidants"),
        ("under-pag", "Personne bénéficiant d'un plan d'accompagnement global (PAG)"),
        ("life-environment", "Environnement de vie de l'observation"),
        ("transition-plan", "Plan de transition"),
        ("transition-step", "Étape de la transition"),
        ("plan-coordinator", "Coordinateur du projet personnalisé"),
        ("mdph-designated-coordinator", "Coordinateur désigné par la MDPH dans un PAG"),
        ("plan-agreement", "Accord sur le projet personnalisé"),
        ("care-team-sharing", "Partage au sein de l'équipe de soins (CSP L1110-12)"),
        ("disclosure-consent", "Consentement au partage hors de l'équipe de soins (CSP L1110-4 III)"),
        ("dmp-feeding", "Alimentation du DMP de la personne et visibilité des documents (CSP L1111-15)"),
        ("service-setting", "Lieu de réalisation de la prestation"),
        ("hours-per-week", "Intensité en heures par semaine"),
        ("frequency", "Fréquence de la prestation"),
        ("attached-report", "Rapport joint à l'évaluation"),
        ("cdaph-decision", "Notification de la CDAPH"),
        ("pcpe-submission", "Transmission par la passerelle PCPE"),
    ]),
    "pcpe-functional-domain": ("Functional domains of the PCPE assessment", [
        ("communication-receptive", "Communication réceptive"),
        ("communication-expressive", "Communication expressive"),
        ("communication-tools", "Outils de communication utilisés"),
        ("social-skills", "Habiletés sociales et interactions"),
        ("cognition-learning", "Fonctions cognitives et apprentissages"),
        ("emotions", "Émotions"),
        ("sensory-motor", "Sensorialité et motricité"),
    ]),
    "pcpe-life-environment": ("Life environments where functioning is observed", [
        ("daily-life", "Vie quotidienne, autonomie et mobilité"),
        ("social-family", "Relations sociales et familiales"),
        ("emotional-sexual-life", "Vie affective et sexuelle"),
        ("housing", "Logement"),
        ("activities-work", "Activités sociales et travail"),
        ("culture-sport-leisure", "Culture, sport et loisirs"),
    ]),
    "pcpe-need-intensity": ("Intensity of an assessed need", [
        ("low", "Faible"), ("moderate", "Modérée"), ("high", "Forte"), ("very-high", "Très forte"),
    ]),
    "pcpe-service-setting": ("Where a direct service is delivered", [
        ("home", "Domicile"), ("school", "Établissement scolaire"), ("workplace", "Lieu de travail"),
        ("esms", "Établissement ou service médico-social"), ("leisure", "Lieu de loisirs"), ("other", "Autre lieu"),
    ]),
    "pcpe-provider-kind": ("Who delivers a direct service", [
        ("salaried", "Professionnel salarié du PCPE"),
        ("liberal", "Professionnel libéral conventionné"),
        ("partner-esms", "ESMS partenaire"),
    ]),
    "pcpe-family-support": ("Support for the family and caregivers", [
        ("parental-guidance", "Guidance parentale"), ("respite", "Répit"), ("other", "Autre soutien aux aidants"),
    ]),
    "pcpe-related-party-role": ("Role of a person close to the usager", [
        ("legal-representative", "Représentant légal"), ("trusted-person", "Personne de confiance"), ("caregiver", "Aidant"),
    ]),
    "pcpe-cdaph-notification-kind": ("Kind of CDAPH notification giving access to the PCPE", [
        ("transitional", "Notification transitoire"), ("permanent", "Notification pérenne"), ("complementary", "Notification complémentaire"),
    ]),
    "pcpe-recipient-category": ("Who may receive shared data (CSP R1110-2) or the kind of organisation receiving it", [
        ("unknown", "Non résolu : ne reçoit rien"),
        ("health-professional", "Professionnel de santé (R1110-2 1°)"),
        ("health-establishment", "Établissement de santé"),
        ("social-worker", "Assistant de service social (R1110-2 2° a)"),
        ("psychologist", "Psychologue, psychothérapeute, AMP/AES (R1110-2 2° b)"),
        ("childminder-or-foster-carer", "Assistant maternel ou familial (R1110-2 2° c)"),
        ("educator", "Éducateur, aide familiale (R1110-2 2° d)"),
        ("host-family", "Accueillant familial (R1110-2 2° e)"),
        ("legal-guardian", "Mandataire judiciaire à la protection des majeurs (R1110-2 2° f)"),
        ("essms-staff", "Personnel non soignant d'un ESSMS (R1110-2 2° g)"),
        ("apa-assessment-team", "Équipe d'évaluation APA (R1110-2 2° i)"),
        ("coordination-platform", "Dispositif d'appui à la coordination, plateforme e-parcours (R1110-2 2° j)"),
        ("essms-information-system", "DUI d'un autre ESSMS"),
        ("person-dmp", "Espace de la personne (Mon espace santé, DMP), par sa messagerie MSSanté"),
    ]),
    "pcpe-data-class": ("Classes of data a consent or the minimisation policy speaks of", [
        ("assessment", "Évaluation fonctionnelle"), ("plan", "Projet personnalisé"), ("transition", "Plan de transition"),
        ("attachments", "Rapports joints"), ("message", "Message sécurisé d'un coordinateur"),
    ]),
    "pcpe-place-kind": ("Where a transition starts or ends", [
        ("home", "Domicile"), ("esms", "Établissement ou service médico-social"), ("hospital", "Établissement de santé"),
        ("school", "Établissement scolaire"), ("other", "Autre lieu"),
    ]),
}

def cs_url(name): return f"{BASE}/CodeSystem/{name}"
def vs_url(name): return f"{BASE}/ValueSet/{name}"

def write(path, resource):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(resource, f, ensure_ascii=False, indent=2)
        f.write("\n")

def terminology():
    for name, (title, concepts) in CODE_SYSTEMS.items():
        write(os.path.join(OUT_TERM, f"CodeSystem-{name}.json"), {
            "resourceType": "CodeSystem", "id": name, "url": cs_url(name), "version": "1.0.0", "name": name.replace("-", "_"),
            "title": title, "status": "active", "content": "complete", "caseSensitive": True,
            "concept": [{"code": c, "display": d} for c, d in concepts]})
        if name != "pcpe-concepts":
            write(os.path.join(OUT_TERM, f"ValueSet-{name}.json"), {
                "resourceType": "ValueSet", "id": name, "url": vs_url(name), "version": "1.0.0", "name": name.replace("-", "_"),
                "title": title, "status": "active",
                "compose": {"include": [{"system": cs_url(name), "concept": [{"code": c, "display": d} for c, d in concepts]}]}})
    tre = json.load(open(os.path.join(OUT_TERM, "CodeSystem-tre-r390-type-projet-personnalise.json"), encoding="utf-8"))
    write(os.path.join(OUT_TERM, "ValueSet-pcpe-plan-type.json"), {
        "resourceType": "ValueSet", "id": "pcpe-plan-type", "url": vs_url("pcpe-plan-type"), "version": "1.0.0", "name": "pcpe_plan_type",
        "title": "Types of projet personnalisé (TRE_R390, as JDV-J367)", "status": "active",
        "compose": {"include": [{"system": TRE_R390, "concept": [{"code": c["code"], "display": c["display"]} for c in tre["concept"]]}]}})
    notes = dict(CODE_SYSTEMS["pcpe-concepts"][1])
    write(os.path.join(OUT_TERM, "ValueSet-pcpe-assessment-note-kind.json"), {
        "resourceType": "ValueSet", "id": "pcpe-assessment-note-kind", "url": vs_url("pcpe-assessment-note-kind"), "version": "1.0.0",
        "name": "pcpe_assessment_note_kind", "title": "Free-text observations of an assessment", "status": "active",
        "compose": {"include": [{"system": cs_url("pcpe-concepts"), "concept": [{"code": c, "display": notes[c]} for c in ("challenging-behaviour", "caregivers-know-how")]}]}})

# --- StructureDefinitions -------------------------------------------------------------------

def concept(code, system=None):
    return {"coding": [{"system": system or cs_url("pcpe-concepts"), "code": code}]}

def E(path, mn=None, mx=None, binding=None, pattern=None, targets=None, types=None, constraints=None,
      slice=None, ext=None, short=None, fixed_uri=None):
    e = {"id": path + (f":{slice}" if slice else ""), "path": path}
    if slice: e["sliceName"] = slice
    if short: e["short"] = short
    if mn is not None: e["min"] = mn
    if mx is not None: e["max"] = mx
    if types: e["type"] = [{"code": t} for t in types]
    if targets: e["type"] = [{"code": "Reference", "targetProfile": [t if t.startswith("http") else R4 + t for t in targets]}]
    if ext: e["type"] = [{"code": "Extension", "profile": [ext if "/" in ext else f"{BASE}/StructureDefinition/{ext}"]}]
    if pattern:
        kind, value = pattern
        e[f"pattern{kind}"] = value
    if fixed_uri: e["fixedUri"] = fixed_uri
    if binding: e["binding"] = {"strength": "required", "valueSet": binding}
    if constraints:
        e["constraint"] = [{"key": k, "severity": "error", "human": h, "expression": x} for k, h, x in constraints]
    return e

def sliced_identifier(resource, mn=1):
    e = E(f"{resource}.identifier", mn)
    e["slicing"] = {"discriminator": [{"type": "pattern", "path": "system"}], "rules": "open"}
    return e

def extensions(resource, slices):
    e = E(f"{resource}.extension")
    e["slicing"] = {"discriminator": [{"type": "value", "path": "url"}], "rules": "open"}
    return [e] + [E(f"{resource}.extension", mn, mx, slice=name.split("-")[-1] if "/" in name else name, ext=name)
                  for name, mn, mx in slices]

def differential(rtype, elements):
    """The root's constraints on the one root element, and each identifier slice's system fixed on the
    slice's own system element as well: validators compile a pattern discriminator from the element at the
    discriminator's path, not from the slice's patternIdentifier. Elements must come in base R4 order."""
    root = E(rtype)
    out = [root]
    for e in elements:
        if e["path"] == rtype:
            root.setdefault("constraint", []).extend(e.get("constraint", []))
            continue
        out.append(e)
        if "sliceName" in e and "system" in e.get("patternIdentifier", {}):
            out.append({"id": e["id"] + ".system", "path": e["path"] + ".system", "patternUri": e["patternIdentifier"]["system"]})
    return out

def profile(pid, rtype, title, description, elements, kind="resource", base=None, context=None):
    sd = {
        "resourceType": "StructureDefinition", "id": pid, "url": f"{BASE}/StructureDefinition/{pid}", "version": "1.1.0",
        "name": "".join(p.capitalize() for p in pid.split("-")), "title": title, "status": "active", "fhirVersion": "4.0.1",
        "description": description, "kind": kind, "abstract": False, "type": rtype,
        "baseDefinition": base or R4 + rtype, "derivation": "constraint",
        "differential": {"element": differential(rtype, [e for e in elements if e is not None])},
    }
    if context: sd["context"] = [{"type": "element", "expression": c} for c in context]
    write(os.path.join(OUT_SD, f"StructureDefinition-{pid}.json"), sd)

def extension(pid, title, value_type, context, binding=None, targets=None):
    value = E("Extension.value[x]", 1, types=None if targets else [value_type], binding=binding, targets=targets)
    profile(pid, "Extension", title, title, [
        E("Extension.extension", 0, "0"),
        E("Extension.url", fixed_uri=f"{BASE}/StructureDefinition/{pid}"),
        value], kind="complex-type", base=R4 + "Extension", context=context)

PEOPLE = ["Practitioner", "PractitionerRole", "RelatedPerson", "Organization", "Patient"]

def structuredefinitions():
    os.makedirs(OUT_SD, exist_ok=True)
    extension("pcpe-document-version", "Version of the PCPE document this resource was mapped from", "integer",
              ["CarePlan", "Observation"])
    extension("pcpe-review-date", "Date the projet personnalisé is to be reviewed with the person", "date", ["CarePlan"])
    extension("pcpe-follow-up-until", "The PCPE follows the person until this date", "date", ["CarePlan"])
    extension("pcpe-based-on-period", "Period of the projet personnalisé a transition continues", "Period", ["CarePlan.basedOn"])
    extension("pcpe-cdaph-validity", "Validity of a CDAPH notification", "Period", ["Basic"])
    for end in ("origin", "destination"):
        extension(f"pcpe-transition-{end}-kind", f"Kind of place at the {end} of a transition", "CodeableConcept", ["CarePlan"],
                  binding=vs_url("pcpe-place-kind"))
        extension(f"pcpe-transition-{end}-place", f"Establishment at the {end} of a transition", None, ["CarePlan"],
                  targets=["Organization"])
    for name, title in (("pcpe-facilitating-factor", "A factor that eases the transition"),
                        ("pcpe-obstacle", "An obstacle to the transition"),
                        ("pcpe-handover-communication", "How the person communicates (handover)"),
                        ("pcpe-handover-habits", "Habits and preferences (handover)"),
                        ("pcpe-handover-risks", "Risks to watch (handover)")):
        extension(name, title, "string", ["CarePlan"])

    profile("pcpe-patient", "Patient", "PCPE usager",
            "The person supported: TDDUI local identifier always, INS (FR Core) only for a qualified identity.", [
        sliced_identifier("Patient"),
        E("Patient.identifier", 1, "1", slice="localUsager", pattern=("Identifier", {"system": LOCAL_USAGER})),
        E("Patient.name", 1), E("Patient.name.family", 1), E("Patient.name.given", 1),
        E("Patient.birthDate", 1),
        E("Patient", constraints=[
            ("pcpe-pat-1", "At most one INS identifier",
             "identifier.where(system.startsWith('urn:oid:1.2.250.1.213.1.4.')).count() <= 1"),
            ("pcpe-pat-2", "An INS is carried only by a qualified identity (identityStatus QUAL)",
             "identifier.where(system.startsWith('urn:oid:1.2.250.1.213.1.4.')).exists() implies "
             "extension.where(url = 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability')"
             ".extension.where(url = 'identityStatus').value.ofType(Coding).code = 'QUAL'")])])
    profile("pcpe-organization", "Organization", "PCPE structure or establishment",
            "An ESMS, hospital or partner, identified by FINESS.", [
        sliced_identifier("Organization"),
        E("Organization.identifier", 1, "1", slice="finess", pattern=("Identifier", {"system": FINESS})),
        E("Organization.name", 1)])
    profile("pcpe-practitioner", "Practitioner", "PCPE professional",
            "A professional identified by RPPS, ADELI (idNatPs) or the structure's internal identifier.", [
        E("Practitioner.identifier", 1), E("Practitioner.name", 1, "1"),
        E("Practitioner", constraints=[("pcpe-prac-1", "A professional has a family name or a display name",
                                        "name.family.exists() or name.text.exists()")])])
    profile("pcpe-practitioner-role", "PractitionerRole", "PCPE professional in a structure", "Profession of a professional in a structure.", [
        E("PractitionerRole.identifier", 1, "1"),
        E("PractitionerRole.practitioner", 1, targets=["Practitioner"]),
        E("PractitionerRole.organization", targets=["Organization"]),
        E("PractitionerRole.code", 1)])
    profile("pcpe-related-person", "RelatedPerson", "PCPE close person",
            "Legal representative, trusted person or caregiver.", [
        E("RelatedPerson.identifier", 1, "1"),
        E("RelatedPerson.patient", targets=["Patient"]),
        E("RelatedPerson.relationship", 1, "1", binding=vs_url("pcpe-related-party-role")),
        E("RelatedPerson.name", 1, "1")])
    profile("pcpe-careteam", "CareTeam", "PCPE care team of a document",
            "The people and structures who take part in the person's support for this document.", [
        E("CareTeam.identifier", 1, "1"), E("CareTeam.subject", 1, targets=["Patient"]),
        E("CareTeam.participant", 1), E("CareTeam.participant.member", 1, targets=PEOPLE),
        E("CareTeam.managingOrganization", 1, "1", targets=["Organization"])])
    profile("pcpe-careplan-projet-personnalise", "CarePlan", "PCPE projet personnalisé d'accompagnement",
            "The personalised support plan, with TDDUI identifier and category conventions.", [
        *extensions("CarePlan", [("pcpe-document-version", 1, "1"), ("pcpe-review-date", 0, "1")]),
        sliced_identifier("CarePlan"),
        E("CarePlan.identifier", 1, "1", slice="pper", pattern=("Identifier", {"system": PPER})),
        E("CarePlan.category", 1, "1", binding=vs_url("pcpe-plan-type")),
        E("CarePlan.title", 1), E("CarePlan.subject", targets=["Patient"]),
        E("CarePlan.period", 1), E("CarePlan.period.start", 1),
        E("CarePlan.author", 1, targets=["Organization"]),
        E("CarePlan.careTeam", targets=["CareTeam"]),
        E("CarePlan.supportingInfo", targets=["Basic", "Consent"]),
        E("CarePlan.goal", targets=["Goal"]),
        E("CarePlan.activity.reference", targets=["Task"]),
        E("CarePlan.activity.detail.code", 1, binding=vs_url("pcpe-family-support")),
        E("CarePlan", constraints=[("pcpe-pp-1", "The plan does not end before it starts",
                                    "period.end.empty() or period.end >= period.start")])])
    profile("pcpe-careplan-transition", "CarePlan", "PCPE transition plan",
            "A transition from home or an ESMS to an establishment or a hospital, continuing a projet personnalisé.", [
        *extensions("CarePlan", [("pcpe-document-version", 1, "1"), ("pcpe-transition-origin-kind", 1, "1"),
                                 ("pcpe-transition-origin-place", 0, "1"), ("pcpe-transition-destination-kind", 1, "1"),
                                 ("pcpe-transition-destination-place", 0, "1"), ("pcpe-facilitating-factor", 0, "*"),
                                 ("pcpe-obstacle", 0, "*"), ("pcpe-handover-communication", 0, "1"),
                                 ("pcpe-handover-habits", 0, "1"), ("pcpe-handover-risks", 0, "1"),
                                 ("pcpe-follow-up-until", 0, "1")]),
        sliced_identifier("CarePlan"),
        E("CarePlan.identifier", 1, "1", slice="transition", pattern=("Identifier", {"system": f"{BASE}/sid/transition-plan"})),
        E("CarePlan.basedOn", 0, "1", targets=["CarePlan"]),
        *extensions("CarePlan.basedOn", [("pcpe-based-on-period", 1, "1")]),
        E("CarePlan.basedOn.identifier", 1, pattern=("Identifier", {"system": PPER})),
        E("CarePlan.category", 1, "1", pattern=("CodeableConcept", concept("transition-plan"))),
        E("CarePlan.title", 1), E("CarePlan.subject", targets=["Patient"]),
        E("CarePlan.period", 1), E("CarePlan.period.start", 1),
        E("CarePlan.author", 1, targets=["Organization"]),
        E("CarePlan.careTeam", targets=["CareTeam"]),
        E("CarePlan.activity.reference", targets=["Task"]),
        E("CarePlan.activity.detail.code", 1, pattern=("CodeableConcept", concept("transition-step"))),
        E("CarePlan", constraints=[("pcpe-tr-1", "The transition does not end before it starts",
                                    "period.end.empty() or period.end >= period.start")])])
    profile("pcpe-servicerequest-need", "ServiceRequest", "PCPE need (besoin SERAFIN-PH)",
            "A need addressed by a plan or handed over by a transition, as TDDUI tddui-service-request-besoin.", [
        E("ServiceRequest.identifier", 1, "1"),
        E("ServiceRequest.basedOn", 1, "1", targets=["CarePlan"]),
        E("ServiceRequest.category", 1, "1", binding=J285),
        E("ServiceRequest.subject", targets=["Patient"])])
    profile("pcpe-goal", "Goal", "PCPE goal", "A goal of the projet personnalisé.", [
        E("Goal.identifier", 1, "1"), E("Goal.description.text", 1),
        E("Goal.subject", 1, targets=["Patient"]),
        E("Goal.addresses", targets=["ServiceRequest"]),
        E("Goal.note", 0, "1"), E("Goal.note.author[x]", 1, targets=["Patient"])])
    profile("pcpe-task-service", "Task", "PCPE direct service (prestation SERAFIN-PH)",
            "A direct service of a plan, as TDDUI tddui-task-prestation.", [
        E("Task.identifier", 1, "1"),
        E("Task.basedOn", 1, "1", targets=["CarePlan"]),
        E("Task.code", 1, binding=J284),
        E("Task.for", 1, targets=["Patient"]),
        E("Task.performerType", 0, "1", binding=vs_url("pcpe-provider-kind")),
        E("Task.owner", targets=["Organization", "Practitioner"]),
        E("Task", constraints=[
            ("pcpe-task-1", "A service setting is coded in pcpe-service-setting",
             f"input.where(type.coding.code = 'service-setting').all(value.ofType(CodeableConcept).coding.system = '{cs_url('pcpe-service-setting')}')"),
            ("pcpe-task-2", "Weekly hours are a positive decimal",
             "input.where(type.coding.code = 'hours-per-week').all(value.ofType(decimal) > 0)")])])
    profile("pcpe-observation-panel", "Observation", "PCPE functional assessment (panel)",
            "The functional assessment: groups the findings, needs and notes; carries date, method and evaluators.", [
        *extensions("Observation", [("pcpe-document-version", 1, "1"), (WORKFLOW_SUPPORTING_INFO, 0, "1")]),
        E("Observation.identifier", 1, "1"),
        E("Observation.code", 1, pattern=("CodeableConcept", concept("functional-assessment"))),
        E("Observation.subject", 1, targets=["Patient"]),
        E("Observation.effective[x]", 1, types=["dateTime"]),
        E("Observation.performer", 1, targets=["PractitionerRole"]),
        E("Observation.value[x]", 0, "0"),
        E("Observation.hasMember", targets=["Observation"]),
        E("Observation.derivedFrom", targets=["DocumentReference"])])
    profile("pcpe-observation-finding", "Observation", "PCPE functional finding",
            "What was observed in one functional domain, optionally in one life environment.", [
        E("Observation.identifier", 1, "1"),
        E("Observation.code", 1, binding=vs_url("pcpe-functional-domain")),
        E("Observation.subject", 1, targets=["Patient"]),
        E("Observation.value[x]", 1, types=["string"]),
        E("Observation.component", 0, "1"),
        E("Observation.component.code", pattern=("CodeableConcept", concept("life-environment"))),
        E("Observation.component.value[x]", 1, types=["CodeableConcept"], binding=vs_url("pcpe-life-environment"))])
    profile("pcpe-observation-need", "Observation", "PCPE assessed need",
            "A SERAFIN-PH need identified by the assessment, with its intensity and the professional's analysis.", [
        E("Observation.identifier", 1, "1"),
        E("Observation.code", 1, binding=J285),
        E("Observation.subject", 1, targets=["Patient"]),
        E("Observation.value[x]", 1, types=["CodeableConcept"], binding=vs_url("pcpe-need-intensity")),
        E("Observation.note", 0, "1")])
    profile("pcpe-observation-note", "Observation", "PCPE assessment note",
            "A challenging behaviour or the caregivers' know-how, in words.", [
        E("Observation.identifier", 1, "1"),
        E("Observation.code", 1, binding=vs_url("pcpe-assessment-note-kind")),
        E("Observation.subject", 1, targets=["Patient"]),
        E("Observation.value[x]", 1, types=["string"])])
    profile("pcpe-basic-cdaph", "Basic", "PCPE CDAPH notification",
            "The CDAPH decision giving access to the PCPE (TDDUI tddui-basic-decision).", [
        *extensions("Basic", [("pcpe-cdaph-validity", 0, "1")]),
        E("Basic.identifier", 1, "1"),
        E("Basic.code", 1, binding=vs_url("pcpe-cdaph-notification-kind")),
        E("Basic.subject", 1, targets=["Patient"]), E("Basic.created", 1)])
    profile("pcpe-consent-agreement", "Consent", "PCPE agreement to the plan",
            "Agreement of the structure or of the person to the projet personnalisé (TDDUI consent accord).", [
        E("Consent.identifier", 1, "1"),
        E("Consent.category", 1, "1", pattern=("CodeableConcept", concept("plan-agreement"))),
        E("Consent.patient", 1, targets=["Patient"]),
        E("Consent.dateTime", 1),
        E("Consent.performer", 1, "1", targets=["Patient", "Organization"])])
    profile("pcpe-consent-sharing", "Consent", "PCPE sharing within the care team",
            "Whether the person was informed of sharing within the care team (status active) or not yet (proposed), "
            "and whether they opposed it (provision deny).", [
        E("Consent.identifier", 1, "1"),
        E("Consent.category", 1, "1", pattern=("CodeableConcept", concept("care-team-sharing"))),
        E("Consent.patient", 1, targets=["Patient"]),
        E("Consent.provision", 1), E("Consent.provision.type", 1),
        E("Consent", constraints=[("pcpe-share-1", "Informed (active) or not yet informed (proposed)",
                                   "status = 'active' or status = 'proposed'")])])
    profile("pcpe-consent-dmp", "Consent", "PCPE choices for the person's DMP",
            "Whether the person opposed their documents being added to their DMP, for a legitimate reason (CSP L1111-15; provision deny), "
            "and the visibility of the documents sent there, as the DMP's codes of JDV_J08 (code system urn:oid:1.2.250.1.213.1.1.4.13) "
            "in provision.securityLabel: MASQUE_PS, INVISIBLE_PATIENT, INVISIBLE_REPRESENTANTS_LEGAUX.", [
        E("Consent.identifier", 1, "1"),
        E("Consent.status", constraints=[("pcpe-dmp-1", "The choices in force are active", "$this = 'active'")]),
        E("Consent.category", 1, "1", pattern=("CodeableConcept", concept("dmp-feeding"))),
        E("Consent.patient", 1, targets=["Patient"]),
        E("Consent.provision", 1), E("Consent.provision.type", 1),
        E("Consent.provision.securityLabel", constraints=[("pcpe-dmp-2", "A DMP visibility code of JDV_J08",
            "system = 'urn:oid:1.2.250.1.213.1.1.4.13' and (code = 'MASQUE_PS' or code = 'INVISIBLE_PATIENT' or code = 'INVISIBLE_REPRESENTANTS_LEGAUX')")])])
    profile("pcpe-consent-disclosure", "Consent", "PCPE consent to disclosure outside the care team",
            "The person's consent to disclosure outside the care team (CSP L1110-4 III), or refusal: a deny root provision "
            "(the law's default) whose nested provisions permit or deny recipients - by FINESS or RPPS, or a Group identified by a "
            "pcpe-recipient-category code - and data classes (pcpe-data-class), with periods. Status inactive means withdrawn. "
            "The consent registry keeps every version.", [
        E("Consent.identifier", 1, "1"),
        E("Consent.status", constraints=[("pcpe-disc-1", "Active, or inactive once withdrawn",
                                          "$this = 'active' or $this = 'inactive' or $this = 'entered-in-error'")]),
        E("Consent.category", 1, "1", pattern=("CodeableConcept", concept("disclosure-consent"))),
        E("Consent.patient", 1, targets=["Patient"]),
        E("Consent.dateTime", 1),
        E("Consent.organization", 1, "1", targets=["Organization"]),
        E("Consent.provision", 1), E("Consent.provision.type", 1),
        E("Consent", constraints=[("pcpe-disc-2", "The root provision denies; nested provisions permit or deny",
                                   "provision.type = 'deny' and provision.provision.exists() and provision.provision.all(type.exists() and provision.empty())")])])
    profile("pcpe-documentreference-report", "DocumentReference", "PCPE attached report",
            "A report attached to an assessment; the gateway relays where to fetch it, not the file.", [
        E("DocumentReference.identifier", 1, "1"),
        E("DocumentReference.type", 1, pattern=("CodeableConcept", concept("attached-report"))),
        E("DocumentReference.subject", 1, targets=["Patient"]),
        E("DocumentReference.content.attachment.title", 1)])
    profile("pcpe-provenance", "Provenance", "PCPE submission provenance",
            "Who pushed the document to the gateway, and when.", [
        E("Provenance.target", 1),
        E("Provenance.activity", 1, pattern=("CodeableConcept", concept("pcpe-submission"))),
        E("Provenance.agent.who", targets=["Organization", "Device"])])
    profile("pcpe-composition", "Composition", "PCPE document for hospitals",
            "Human-readable document (plan, assessment or transition) sent to hospitals over MSSanté.", [
        E("Composition.identifier", 1), E("Composition.subject", 1, targets=["Patient"]),
        E("Composition.author", 1, targets=["Organization"]),
        E("Composition.section", 1), E("Composition.section.title", 1), E("Composition.section.text", 1)])

if __name__ == "__main__":
    terminology()
    structuredefinitions()
