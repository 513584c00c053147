#!/usr/bin/env python3
"""Writes the JSON Schemas (2020-12) of the three PCPE documents into profiles/schemas/. This file is
their source: edit it, run it, commit both. The gateway serves the generated files; a test keeps them
field-for-field equal to the contract the gateway reads (Pcpe.Fhir.Model)."""
import json, os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schemas")
ID = "https://pcpe-gateway.example/schemas/"

# The longest text of each field, by its name (Pcpe.Fhir.Input.TextLimits, kept equal by a test); any other
# free-text field has NARRATIVE.
SHORT, NARRATIVE = 200, 10000
TEXT_LIMITS = {"familyName": SHORT, "givenName": SHORT, "givenNames": SHORT, "name": SHORT, "title": SHORT,
               "profession": SHORT, "relationship": SHORT, "reference": SHORT, "frequency": SHORT,
               "phone": 40, "contentType": 100, "mssAddress": 254, "url": 2048}

def limited(name, schema):
    """A free-text string (no enum, no pattern, not a date) gets its field's maxLength; so do a list's items."""
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict) and "$ref" not in schema["items"]:
        return dict(schema, items=limited(name, schema["items"]))
    if schema.get("type") == "string" and "enum" not in schema and "pattern" not in schema and schema.get("format") != "date":
        return dict(schema, maxLength=TEXT_LIMITS.get(name, NARRATIVE))
    return schema

def obj(required, properties, description=None):
    properties = {name: limited(name, value) for name, value in properties.items()}
    o = {"type": "object", "additionalProperties": False}
    if description: o["description"] = description
    if required: o["required"] = required
    o["properties"] = properties
    return o

def s(description=None, **kw):
    o = {"type": "string", "minLength": 1}
    o.update(kw)
    if description: o["description"] = description
    return o

def arr(items, **kw):
    o = {"type": "array", "items": items}
    o.update(kw)
    return o

def ref(name): return {"$ref": f"#/$defs/{name}"}

DATE = {"type": "string", "format": "date"}
CATEGORIES = ["health-professional", "health-establishment", "social-worker", "psychologist", "childminder-or-foster-carer", "educator",
              "host-family", "legal-guardian", "essms-staff", "apa-assessment-team", "coordination-platform", "essms-information-system", "person-dmp"]
SENSITIVITY = arr({"type": "string", "enum": ["ETH", "GDIS", "HIV", "PSY", "PSYTHPN", "SDV", "SEX", "STD", "TBOO"]},
                  description="Sensitivity (v3-ActCode): the resource is labelled, marked restricted (R), and withheld from the categories the minimisation policy says.")
IDENT = s("Letters, digits, '.', '_' and '-' (1 to 64); never -PPER-, -EVAL- or -TRANS-.", pattern="^[A-Za-z0-9._-]{1,64}$")
NEED_CODE = s("SERAFIN-PH need code (JDV-J285), e.g. 1.2.1.2.", pattern="^1(\\.[0-9]+)*$")
SERVICE_CODE = s("SERAFIN-PH direct service code (JDV-J284), e.g. 2.3.3.1.", pattern="^2(\\.[0-9]+)*$")
STATUS = {"type": "string", "enum": ["draft", "active", "on-hold", "completed"]}

DEFS = {
    "period": obj(["start"], {"start": DATE, "end": DATE}),
    "structure": obj(["finess", "name"], {
        "finess": s("FINESS of the structure (Luhn check digit).", pattern="^(\\d{9}|2[AB]\\d{7})$"),
        "name": s()}),
    "person": obj(["localId", "familyName", "givenNames", "birthDate"], {
        "ins": obj(["number", "oid", "identityStatus"], {
            "number": s("15 characters (13 + 2-digit key), 2A/2B for Corsica.", pattern="^[0-9 ]{1,3}([0-9 ]|2A|2B)[0-9 ]{9,14}$"),
            "oid": {"type": "string", "enum": ["1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11"]},
            "identityStatus": {"type": "string", "enum": ["PROV", "RECUP", "VALI", "QUAL"], "description": "Only QUAL lets the INS be exchanged."}}),
        "localId": dict(IDENT, description="The DUI's own identifier of the person."),
        "familyName": s("Birth family name."),
        "givenNames": arr(s(), minItems=1),
        "birthDate": DATE,
        "birthPlaceCode": s("Birth place, INSEE (COG) code: 5 characters, the commune (2A/2B for Corsica), or 99 + the country for a birth abroad. An INS trait: without it the INS is not sent in CDA documents.", pattern="^([0-9]{2}|2A|2B)[0-9]{3}$"),
        "sex": {"type": "string", "enum": ["female", "male", "other", "unknown"]}}),
    "sharing": obj([], {
        "personInformed": {"type": "boolean", "description": "The person (or representative) was informed of sharing within the care team."},
        "opposition": {"type": "boolean", "description": "The person opposed sharing: nothing about them is shared, with anyone."},
        "emergency": {"type": "boolean", "description": "Emergency in which the person cannot express a wish (CSP R1110-3): health professionals may receive without prior information."},
        "dmp": obj([], {
            "opposition": {"type": "boolean", "description": "The person opposed, for a legitimate reason, their documents being added to their DMP (CSP L1111-15): nothing goes to their space."},
            "maskedFromProfessionals": {"type": "boolean", "description": "Masked from the professionals who consult the DMP (MASQUE_PS)."},
            "invisibleToPerson": {"type": "boolean", "description": "Not to be seen by the person yet (INVISIBLE_PATIENT): such a document is never sent to the person's mailbox."},
            "invisibleToLegalRepresentatives": {"type": "boolean", "description": "Not to be seen by the legal representatives (INVISIBLE_REPRESENTANTS_LEGAUX), as a minor may ask (CSP L1111-5)."}},
            "The person's choices for the documents sent to their own space (Mon espace santé, the DMP), through their MSSanté mailbox. Absent: nothing opposed, nothing hidden."),
        "consents": arr(ref("consent"), description="Consents to disclosure outside the care team, or refusals; a new version of a consent id replaces it in the registry.")},
        "Absent means not informed: nothing is shared within the care team."),
    "consent": obj(["id", "date", "provisions"], {
        "id": dict(IDENT, description="The DUI's identifier of the consent."),
        "status": {"type": "string", "enum": ["active", "withdrawn"], "description": "active (default) or withdrawn."},
        "date": DATE, "period": ref("period"),
        "provisions": arr(obj(["decision"], {
            "decision": {"type": "string", "enum": ["permit", "deny"]},
            "recipients": arr(s("finess:NNNNNNNNN or rpps:NNNNNNNNNNN.", pattern="^(finess:(\\d{9}|2[AB]\\d{7})|rpps:\\d{11})$")),
            "categories": arr({"type": "string", "enum": CATEGORIES}),
            "dataClasses": arr({"type": "string", "enum": ["assessment", "plan", "transition", "attachments", "message"]}),
            "period": ref("period")}, "Empty lists match every recipient, every category, every class of data."), minItems=1)},
        "Anything no provision permits stays denied outside the care team; a deny provision also refuses recipients inside it."),
    "professional": obj(["familyName", "givenName", "profession"], {
        "rpps": s("RPPS, 11 digits with a Luhn key.", pattern="^\\d{11}$"),
        "adeli": s("ADELI, 9 characters.", pattern="^(\\d{9}|2[AB]\\d{7})$"),
        "internalId": dict(IDENT, description="The structure's own identifier of a salaried professional."),
        "familyName": s(), "givenName": s(), "profession": s("As the team names it.")},
        "At least one of rpps, adeli, internalId."),
    "cdaph": obj(["kind", "decisionDate"], {
        "kind": {"type": "string", "enum": ["transitional", "permanent", "complementary"]},
        "decisionDate": DATE, "validity": ref("period"), "reference": s("Decision number (ViaTrajectoire).")}),
    "need": obj(["code"], {"code": NEED_CODE, "description": s()}),
    "service": obj(["code"], {
        "code": SERVICE_CODE,
        "description": s(),
        "provider": obj(["kind", "name"], {
            "kind": {"type": "string", "enum": ["salaried", "liberal", "partner-esms"]},
            "name": s(),
            "rpps": s("Liberal professionals only.", pattern="^\\d{11}$"),
            "finess": s("Partner ESMS only.", pattern="^(\\d{9}|2[AB]\\d{7})$")}),
        "setting": {"type": "string", "enum": ["home", "school", "workplace", "esms", "leisure", "other"]},
        "hoursPerWeek": {"type": "number", "exclusiveMinimum": 0, "maximum": 168},
        "frequency": s("When not weekly hours, e.g. '2 séances par mois'."),
        "period": ref("period")}),
}

def envelope(extra_required, properties):
    base = {"documentId": dict(IDENT, description="The DUI's identifier of the document; with version, makes a push idempotent."),
            "version": {"type": "integer", "minimum": 1, "description": "Increasing; a higher version updates the previous one downstream."},
            "structure": ref("structure"), "person": ref("person")}
    base.update(properties)
    base["sharing"] = ref("sharing")
    return ["documentId", "version", "structure", "person"] + extra_required, base

def schema(name, title, description, required, properties, defs):
    doc = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": ID + f"pcpe-{name}.schema.json",
           "title": title, "description": description}
    doc.update(obj(required, properties))
    doc["$defs"] = {k: DEFS[k] for k in defs}
    with open(os.path.join(OUT, f"pcpe-{name}.schema.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")

COMMON = "Unknown fields are refused. Business checks (INS key, FINESS and RPPS check digits, codes, dates) follow the schema; every problem is reported in one OperationOutcome with its JSON path."

required, props = envelope(["type", "title", "status", "period"], {
    "type": {"type": "string", "enum": ["PAI", "PPA", "PPIA", "PP", "PPI", "PA", "PI"], "description": "TRE_R390 plan type."},
    "title": s(), "status": STATUS, "period": ref("period"),
    "relatedParties": arr(obj(["role", "familyName", "givenName"], {
        "role": {"type": "string", "enum": ["legal-representative", "trusted-person", "caregiver"]},
        "familyName": s(), "givenName": s(), "relationship": s("mère, tuteur…"), "phone": s()})),
    "coordinator": obj(["professional"], {"professional": ref("professional"),
                                          "designatedByMdph": {"type": "boolean", "description": "Designated by the MDPH within a PAG."}}),
    "cdaph": ref("cdaph"),
    "needs": arr(ref("need")),
    "goals": arr(obj(["id", "description"], {
        "id": IDENT, "description": s(), "targetDate": DATE, "personView": s("The person's own view, in their words."),
        "needs": arr(NEED_CODE, description="Codes of the plan's needs this goal addresses.")})),
    "services": arr(ref("service")),
    "familySupport": arr(obj(["kind"], {"kind": {"type": "string", "enum": ["parental-guidance", "respite", "other"]},
                                         "description": s(), "period": ref("period")})),
    "reviewDate": DATE,
    "agreement": obj(["structureDate"], {"structureDate": DATE, "personDate": DATE}),
})
schema("plan", "PCPE personalised support plan (projet personnalisé d'accompagnement)",
       "What a DUI pushes to POST /api/v1/plans. " + COMMON, required, props,
       ["period", "structure", "person", "sharing", "consent", "professional", "cdaph", "need", "service"])

required, props = envelope(["date", "evaluators"], {
    "date": DATE,
    "evaluators": arr(ref("professional"), minItems=1),
    "method": s("Tools and settings of the assessment."),
    "context": obj([], {"cdaph": ref("cdaph"), "underPag": {"type": "boolean"}}),
    "findings": arr(obj(["domain", "observation"], {
        "domain": {"type": "string", "enum": ["communication-receptive", "communication-expressive", "communication-tools", "social-skills", "cognition-learning", "emotions", "sensory-motor"]},
        "environment": {"type": "string", "enum": ["daily-life", "social-family", "emotional-sexual-life", "housing", "activities-work", "culture-sport-leisure"]},
        "observation": s(), "sensitivity": SENSITIVITY})),
    "challengingBehaviours": arr(s()),
    "caregiversKnowHow": s(),
    "needs": arr(obj(["code", "intensity"], {"code": NEED_CODE, "intensity": {"type": "string", "enum": ["low", "moderate", "high", "very-high"]}, "analysis": s()})),
    "reports": arr(obj(["title"], {"title": s(), "date": DATE, "url": s("Absolute http(s) URL.", format="uri"), "contentType": s(), "sensitivity": SENSITIVITY})),
})
schema("assessment", "PCPE functional assessment (évaluation fonctionnelle)",
       "What a DUI pushes to POST /api/v1/assessments. " + COMMON, required, props,
       ["period", "structure", "person", "sharing", "consent", "professional", "cdaph"])

PLACE = obj(["kind"], {"kind": {"type": "string", "enum": ["home", "esms", "hospital", "school", "other"]},
                       "finess": s("Required for esms and hospital.", pattern="^(\\d{9}|2[AB]\\d{7})$"),
                       "name": s(), "mssAddress": s("MSSanté address of the receiving team.", format="email")})
required, props = envelope(["title", "status", "from", "to", "period", "handover"], {
    "title": s(), "status": STATUS,
    "supportPlan": obj(["documentId", "period"], {"documentId": IDENT, "period": ref("period")}),
    "from": PLACE, "to": PLACE, "period": ref("period"),
    "receivingCoordinator": ref("professional"),
    "steps": arr(obj(["description", "status"], {"description": s(), "date": DATE,
                                                  "status": {"type": "string", "enum": ["planned", "in-progress", "done", "cancelled"]}})),
    "facilitatingFactors": arr(s()), "obstacles": arr(s()),
    "handover": obj([], {"needs": arr(ref("need")), "currentServices": arr(ref("service")),
                         "communication": s(), "habitsAndPreferences": s(), "risks": s()}),
    "followUpUntil": DATE,
})
schema("transition", "PCPE transition plan (home or ESMS to establishment or hospital)",
       "What a DUI pushes to POST /api/v1/transitions. " + COMMON, required, props,
       ["period", "structure", "person", "sharing", "consent", "professional", "need", "service"])
