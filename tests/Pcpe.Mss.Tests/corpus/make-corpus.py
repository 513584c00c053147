#!/usr/bin/env python3
"""Regenerates the bad-input corpus (python3 make-corpus.py). Each file's expected outcome is in cases.json."""
import hashlib, io, json, zipfile

RIM = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"
DOC = b'{"resourceType":"Bundle","type":"document"}'

def metadata(uri, content, size=None, digest=None, doctype=""):
    digest = digest or hashlib.sha1(content).hexdigest()
    size = len(content) if size is None else size
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
            f'<lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0" xmlns:rim="{RIM}"><rim:RegistryObjectList>'
            f'<rim:ExtrinsicObject id="Document01" mimeType="application/fhir+json" objectType="urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1">'
            f'<rim:Slot name="hash"><rim:ValueList><rim:Value>{digest}</rim:Value></rim:ValueList></rim:Slot>'
            f'<rim:Slot name="size"><rim:ValueList><rim:Value>{size}</rim:Value></rim:ValueList></rim:Slot>'
            f'<rim:Slot name="URI"><rim:ValueList><rim:Value>{uri}</rim:Value></rim:ValueList></rim:Slot>'
            f'<rim:ExternalIdentifier id="e1" identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427" registryObject="Document01" value="295109912611193^^^&amp;1.2.250.1.213.1.4.10&amp;ISO"/>'
            f'</rim:ExtrinsicObject></rim:RegistryObjectList></lcm:SubmitObjectsRequest>').encode()

def write_zip(name, entries, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(name, "w", compression) as z:
        for entry_name, content in entries:
            z.writestr(zipfile.ZipInfo(entry_name), content, compress_type=compression)

sub = "IHE_XDM/SUBSET01/"
write_zip("xdm-valid-other-software.zip", [("README.TXT", b"x"), (sub + "METADATA.XML", metadata("DOC0001.JSN", DOC)), (sub + "DOC0001.JSN", DOC)])
write_zip("xdm-hash-mismatch.zip", [(sub + "METADATA.XML", metadata("DOC0001.JSN", DOC, digest="0" * 40)), (sub + "DOC0001.JSN", DOC)])
write_zip("xdm-size-mismatch.zip", [(sub + "METADATA.XML", metadata("DOC0001.JSN", DOC, size=len(DOC) + 1)), (sub + "DOC0001.JSN", DOC)])
write_zip("xdm-missing-metadata.zip", [("README.TXT", b"x"), (sub + "DOC0001.JSN", DOC)])
write_zip("xdm-missing-document.zip", [(sub + "METADATA.XML", metadata("DOC0002.JSN", DOC))])
write_zip("xdm-path-traversal.zip", [(sub + "METADATA.XML", metadata("DOC0001.JSN", DOC)), (sub + "DOC0001.JSN", DOC), ("../../etc/cron.d/evil", b"* * * * * root id")])
write_zip("xdm-absolute-path.zip", [(sub + "METADATA.XML", metadata("DOC0001.JSN", DOC)), ("/tmp/evil", b"x")])
write_zip("xdm-duplicate-entry.zip", [(sub + "METADATA.XML", metadata("DOC0001.JSN", DOC)), (sub + "DOC0001.JSN", DOC), (sub + "doc0001.jsn", b"other")])
write_zip("xdm-xxe-metadata.zip", [(sub + "METADATA.XML", metadata("DOC0001.JSN", DOC, doctype='<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>')), (sub + "DOC0001.JSN", DOC)])
# 60 MB of zeros compress to ~60 kB: a ratio bomb that a naive reader would inflate in full.
write_zip("xdm-zip-bomb.zip", [(sub + "METADATA.XML", metadata("DOC0001.JSN", DOC)), (sub + "DOC0001.JSN", b"\0" * (60 * 1024 * 1024))])
with open("not-a-zip.zip", "wb") as f:
    f.write(b"PK\x03\x04 this is not really a zip archive" * 10)
