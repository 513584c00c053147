#!/usr/bin/env python3
"""Reads an IHE_XDM.ZIP the way a receiver would, with Python's zipfile and ElementTree only: every document
entry of METADATA.XML, its codes, and whether the file it names is in the zip with the hash and size given.
Prints JSON on stdout: {"documents": [...], "associations": [...], "submissionSet": {...}, "problems": [...]}."""
import hashlib, json, sys, zipfile
import xml.etree.ElementTree as ET

RIM = "{urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0}"
SCHEMES = {
    "urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a": "classCode",
    "urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f": "confidentialityCode",
    "urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d": "formatCode",
    "urn:uuid:f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1": "healthcareFacilityTypeCode",
    "urn:uuid:cccf5598-8b07-4b77-a05e-ae952c785ead": "practiceSettingCode",
    "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983": "typeCode",
    "urn:uuid:aa543740-bdda-424e-8c96-df4873be8500": "contentTypeCode",
}
IDENTIFIERS = {
    "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427": "patientId",
    "urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab": "uniqueId",
    "urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8": "uniqueId",
    "urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832": "sourceId",
    "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446": "patientId",
}

def slots(element):
    return {s.get("name"): [v.text for v in s.iter(RIM + "Value")] for s in element.findall(RIM + "Slot")}

def described(element):
    out = {}
    for c in element.findall(RIM + "Classification"):
        name = SCHEMES.get(c.get("classificationScheme"))
        if name:
            scheme = slots(c).get("codingScheme", [None])[0]
            code = {"code": c.get("nodeRepresentation"), "scheme": scheme}
            # The first occurrence under its name; every occurrence (confidentialityCode may repeat) under the plural.
            out.setdefault(name, code)
            out.setdefault(name + "s", []).append(code)
    for e in element.findall(RIM + "ExternalIdentifier"):
        name = IDENTIFIERS.get(e.get("identificationScheme"))
        if name:
            out[name] = e.get("value")
    return out

problems = []
with zipfile.ZipFile(sys.argv[1]) as z:
    names = set(z.namelist())
    root = ET.fromstring(z.read("IHE_XDM/SUBSET01/METADATA.XML"))
    documents = []
    for entry in root.iter(RIM + "ExtrinsicObject"):
        s = slots(entry)
        uri = s["URI"][0]
        document = {"id": entry.get("id"), "mimeType": entry.get("mimeType"), "uri": uri,
                    "hash": s["hash"][0], "size": int(s["size"][0]), "sourcePatientInfo": s.get("sourcePatientInfo", [])}
        document.update(described(entry))
        path = "IHE_XDM/SUBSET01/" + uri
        if path not in names:
            problems.append(f"{uri}: not in the zip")
        else:
            content = z.read(path)
            if hashlib.sha1(content).hexdigest() != document["hash"].lower():
                problems.append(f"{uri}: SHA-1 differs from METADATA.XML")
            if len(content) != document["size"]:
                problems.append(f"{uri}: size differs from METADATA.XML")
        documents.append(document)
    package = next(root.iter(RIM + "RegistryPackage"))
    associations = [{"type": a.get("associationType"), "source": a.get("sourceObject"), "target": a.get("targetObject")}
                    for a in root.iter(RIM + "Association")]
    print(json.dumps({"documents": documents, "associations": associations, "submissionSet": described(package), "problems": problems}))
