// The OpenAPI document proven by real consumers (contract v1.1, "OpenAPI that a generated client
// can trust"): redocly lints it with the recommended rules (api-docs/redocly.yaml) and finds no error and
// no warning; openapi-typescript generates client types from the document the test server
// serves, tsc --strict compiles check.mts against them, and the program runs against that
// server with the demo data, checking every answer it gets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { bin, demoDatabase, startServer, stopServer } from '../lib/server.mjs';

const db = process.env.CLIENT_DATABASE_URL;
const out = new URL('../../build/client/', import.meta.url).pathname;
const tools = new URL('../../node_modules/.bin/', import.meta.url).pathname;
let server, base, key;

// Redocly's telemetry and update check would reach for the network, which tests never do.
const quiet = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

function run(tool, args, env = {}) {
  const r = spawnSync(tool, args, { encoding: 'utf8', env: { ...process.env, ...quiet, ...env }, timeout: 120000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

before(async () => {
  assert.ok(bin && db, 'run through make test (SWAPTRACK_BIN, CLIENT_DATABASE_URL)');
  mkdirSync(out, { recursive: true });
  key = demoDatabase(db, `client-${process.pid}`);
  server = await startServer(db);
  base = server.base;
});

after(() => stopServer(server));

test('redocly lint: no error and no warning with the recommended rules', () => {
  const r = run(`${tools}redocly`, ['lint', '--config', 'api-docs/redocly.yaml', '--format', 'summary', 'api-docs/openapi.json']);
  assert.equal(r.status, 0, r.output);
  assert.doesNotMatch(r.output, /^(error|warning)\s/m, r.output);
  assert.match(r.output, /Your API description is valid/, r.output);
});

test('a TypeScript client generated from the served document compiles strictly and runs', async () => {
  const doc = await (await fetch(`${base}/openapi.json`)).text();
  writeFileSync(`${out}openapi.json`, doc);
  let r = run(`${tools}openapi-typescript`, [`${out}openapi.json`, '-o', `${out}api.d.ts`]);
  assert.equal(r.status, 0, r.output);
  r = run(`${tools}tsc`, ['-p', 'tests/client/tsconfig.json']);
  assert.equal(r.status, 0, `tsc --strict:\n${r.output}`);
  r = run('node', [`${out}out/tests/client/check.mjs`], { SWAPTRACK_URL: base, SWAPTRACK_KEY: key });
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /typed client: \d+ checks passed/);
});

// api-docs/README.md's research questions (ten, and six since v1.2): each curl line answers 200
// with JSON on the demo data.
test('the research questions in api-docs each have a curl line that answers', async () => {
  const { readFileSync } = await import('node:fs');
  const doc = readFileSync('api-docs/README.md', 'utf8');
  const section = doc.split('## Ten research questions')[1].split('\n## ')[0];
  const urls = [...section.matchAll(/^curl '(http:\/\/127\.0\.0\.1:8080[^']+)'$/gm)].map((m) => m[1]);
  assert.equal(urls.length, 16, 'sixteen questions, one curl line each');
  for (const u of urls) {
    const r = await fetch(u.replace('http://127.0.0.1:8080', base));
    const text = await r.text();
    assert.equal(r.status, 200, `${u}: ${text}`);
    // A list's items, a count's series, or a negotiation's progress.
    const j = JSON.parse(text);
    assert.ok(Array.isArray(j.items) || Array.isArray(j.series) || Array.isArray(j.progress), u);
  }
});
