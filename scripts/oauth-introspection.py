#!/usr/bin/env python3
"""Stand-in for an OAuth2 authorisation server on loopback, for the tests:
- POST /token: client-credentials grant (RFC 6749 4.4); clients are lines "client_id secret token" of CLIENTS_FILE;
- POST /introspect: token introspection (RFC 7662) for the test Dovecot, which checks bearer tokens
  (XOAUTH2/OAUTHBEARER); tokens are lines "token username" of TOKENS_FILE.
Usage: oauth-introspection.py PORT TOKENS_FILE CLIENTS_FILE"""
import json, sys, urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

port, tokens_file, clients_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]

class Introspection(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        field = lambda name: (form.get(name) or [""])[0]
        status = 200
        if self.path == "/token":
            clients = {c: (s, t) for c, s, t in (line.split() for line in open(clients_file) if line.strip())}
            known = clients.get(field("client_id"))
            if field("grant_type") == "client_credentials" and known and known[0] == field("client_secret"):
                body = {"access_token": known[1], "token_type": "Bearer", "expires_in": 300}
            else:
                status, body = 401, {"error": "invalid_client"}
        else:
            users = dict(line.split() for line in open(tokens_file) if line.strip())
            token = field("token")
            body = {"active": True, "username": users[token]} if token in users else {"active": False}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", port), Introspection).serve_forever()
