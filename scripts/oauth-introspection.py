#!/usr/bin/env python3
"""Stand-in for an OAuth2 authorisation server's token introspection endpoint (RFC 7662), used by the
test Dovecot to check bearer tokens (XOAUTH2/OAUTHBEARER). Tokens and their users: lines
"token username" of the file given as second argument. Usage: oauth-introspection.py PORT TOKENS_FILE"""
import json, sys, urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

port, tokens_file = int(sys.argv[1]), sys.argv[2]

class Introspection(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        token = (form.get("token") or [""])[0]
        users = dict(line.split() for line in open(tokens_file) if line.strip())
        body = {"active": True, "username": users[token]} if token in users else {"active": False}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", port), Introspection).serve_forever()
