#!/usr/bin/env python3
"""Regenerates the MIME part of the corpus (python3 make-messages.py). Expected outcomes: messages.json."""
import base64

HEAD = "From: Alice Coord <coord.alice@pcpe.test>\r\nTo: gateway@pcpe.test\r\nDate: Sun, 22 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"

def write(name, data):
    with open(name, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))

# Raw 8-bit Latin-1 in headers and body, no charset declared in the header.
write("latin1-headers.eml", HEAD.encode() + "Subject: Réunion de synthèse\r\nMessage-ID: <latin1@pcpe.test>\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nBonjour, la réunion est à 14 h.\r\n".encode("latin-1"))

# windows-1252 and ISO-2022-JP bodies, an RFC 2047 encoded subject.
write("unusual-charsets.eml", HEAD + "Subject: =?windows-1252?Q?Synth=E8se_=96_plan?=\r\nMessage-ID: <charsets@pcpe.test>\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nSynth=E8se =96 d=E9but\r\n--b1\r\nContent-Type: text/html; charset=iso-2022-jp\r\nContent-Transfer-Encoding: 7bit\r\n\r\n<p>x</p>\r\n--b1--\r\n")

# 40 nested multiparts.
depth = 40
body = "".join(f"Content-Type: multipart/mixed; boundary=\"n{i}\"\r\n\r\n--n{i}\r\n" for i in range(depth))
body += "Content-Type: text/plain\r\n\r\nfond\r\n" + "".join(f"--n{i}--\r\n" for i in reversed(range(depth)))
write("deeply-nested.eml", HEAD + "Subject: nested\r\nMessage-ID: <nested@pcpe.test>\r\n" + body)

# Clear-signed S/MIME: the content is readable, the signature part is not a document.
sig = base64.b64encode(b"\x30\x80not-a-real-signature").decode()
write("smime-signed.eml", HEAD + "Subject: signed\r\nMessage-ID: <signed@pcpe.test>\r\nContent-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"s1\"\r\n\r\n--s1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTexte signé du coordinateur.\r\n--s1\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=smime.p7s\r\n\r\n" + sig + "\r\n--s1--\r\n")

# Opaque S/MIME (encrypted or signed-data): unreadable by the mailbox.
write("smime-opaque.eml", HEAD + "Subject: opaque\r\nMessage-ID: <opaque@pcpe.test>\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n" + sig + "\r\n")

# Broken structure: no closing boundary, a header line without colon, truncated base64 PDF.
write("malformed-structure.eml", HEAD + "Subject: cassé\r\nMessage-ID: <malformed@pcpe.test>\r\nThis line is not a header\r\nContent-Type: multipart/mixed; boundary=\"m1\"\r\n\r\n--m1\r\nContent-Type: text/plain\r\n\r\ntexte\r\n--m1\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK%%%\r\n")

# No From at all.
write("no-from.eml", "To: gateway@pcpe.test\r\nSubject: anonyme\r\nMessage-ID: <nofrom@pcpe.test>\r\n\r\ntexte\r\n")
