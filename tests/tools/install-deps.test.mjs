// scripts/install-deps on machines of our own making: a PATH of stub commands, pkg-config
// reading a directory of our .pc files, and DEPS_ROOT for the files it checks. Its --dry-run
// prints the apt-get command it would run; a stub apt-get shows what a real run asks for, and
// how a failure is named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, chmodSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = new URL('../../scripts/install-deps', import.meta.url).pathname;
const pgBin = '/usr/lib/postgresql/15/bin';
let dir;

before(() => { dir = mkdtempSync(join(tmpdir(), 'install-deps-test.')); });
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const which = (cmd) => execFileSync('/bin/sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim();

// A machine: commands (name -> shell body, or true for the real one), pkg-config modules, files.
let n = 0;
function machine({ commands = {}, modules = [], files = [] }) {
  const root = join(dir, `m${n++}`);
  const bin = join(root, 'bin'), pc = join(root, 'pc'), fs = join(root, 'fs');
  for (const d of [bin, pc, fs]) mkdirSync(d, { recursive: true });
  // What the script itself runs on a failure path, always there.
  for (const real of ['pkg-config', 'mktemp', 'rm', 'grep', 'head', 'sed', 'cat'])
    symlinkSync(which(real), join(bin, real));
  for (const [name, body] of Object.entries(commands)) {
    const path = join(bin, name);
    writeFileSync(path, `#!/bin/sh\n${body === true ? 'exit 0' : body}\n`);
    chmodSync(path, 0o755);
  }
  for (const m of modules)
    writeFileSync(join(pc, `${m}.pc`), `Name: ${m}\nDescription: stub\nVersion: 1.0\n`);
  for (const f of files) {
    mkdirSync(join(fs, f, '..'), { recursive: true });
    writeFileSync(join(fs, f), '');
  }
  return { root, bin, env: { PATH: bin, PKG_CONFIG_LIBDIR: pc, PKG_CONFIG_PATH: '', DEPS_ROOT: fs,
    PG_BIN: pgBin, HOME: root } };
}

function run(m, ...args) {
  const r = spawnSync('/bin/bash', [script, ...args], { env: m.env, encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

// What a complete machine has; each test takes some of it away.
const allCommands = { gcc: true, make: true, curl: true, script: true, clang: true, valgrind: true,
  wrk: true, 'clang-format-14': true, node: 'echo v20.20.2', npm: 'echo 11.19.1' };
const allModules = ['libmicrohttpd', 'jansson', 'libpq', 'libcurl', 'cmocka', 'yaml-0.1'];
const allFiles = [`${pgBin}/postgres`, `${pgBin}/initdb`, `${pgBin}/pg_ctl`,
  '/usr/share/postgresql/15/extension/pg_trgm.control', '/usr/share/postgresql/15/extension/unaccent.control',
  '/etc/ssl/certs/ca-certificates.crt', '/usr/bin/chromium',
  '/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a',
  `${pgBin}/pgbench`, '/usr/bin/time'];
const without = (all, gone) => Array.isArray(all) ? all.filter((x) => !gone.includes(x))
  : Object.fromEntries(Object.entries(all).filter(([k]) => !gone.includes(k)));
const packagesOf = (line) => line.trim().split(/\s+/).filter((w) => !w.startsWith('-') && !['sudo', 'apt-get', 'install'].includes(w));

test('node and npm from another source, some libraries missing: only those are asked for', () => {
  const m = machine({ commands: allCommands, modules: without(allModules, ['libmicrohttpd', 'cmocka', 'yaml-0.1']),
    files: without(allFiles, ['/usr/bin/chromium']) });
  const r = run(m, '--dry-run', 'test');
  assert.equal(r.status, 0, r.err);
  const line = r.out.trim().split('\n').pop();
  assert.match(line, /apt-get install/);
  assert.deepEqual(packagesOf(line), ['libmicrohttpd-dev', 'libcmocka-dev', 'libyaml-dev', 'chromium']);
  assert.doesNotMatch(line, /\bnpm\b|\bnodejs\b/);
});

test('each target asks only for what it needs', () => {
  const m = machine({ commands: without(allCommands, ['clang', 'valgrind', 'script', 'wrk', 'clang-format-14']), modules: without(allModules, ['libcurl']),
    files: without(allFiles, ['/usr/bin/chromium', allFiles[7], '/usr/bin/time']) });
  const asked = (target) => packagesOf(run(m, '--if-needed', '--dry-run', target).out.trim().split('\n').pop());
  assert.deepEqual(run(m, '--if-needed', '--dry-run', 'run').out.trim(), 'nothing to install');
  assert.deepEqual(asked('test'), ['libcurl4-openssl-dev', 'bsdutils', 'chromium', 'clang-format-14']);
  assert.deepEqual(asked('fuzz'), ['clang', 'libclang-rt-14-dev']);
  assert.deepEqual(asked('memcheck'), ['libcurl4-openssl-dev', 'bsdutils', 'chromium', 'clang-format-14', 'valgrind']);
  assert.deepEqual(asked('bench'), ['wrk', 'time']);
  // Without --if-needed: every target's needs.
  assert.deepEqual(packagesOf(run(m, '--dry-run').out.trim().split('\n').pop()),
    ['libcurl4-openssl-dev', 'bsdutils', 'chromium', 'clang-format-14', 'clang', 'libclang-rt-14-dev', 'valgrind', 'wrk', 'time']);
});

test('a node without npm gets npm alone; a node that does not run gets nodejs', () => {
  let m = machine({ commands: without(allCommands, ['npm']), modules: allModules, files: allFiles });
  assert.deepEqual(packagesOf(run(m, '--dry-run').out.trim().split('\n').pop()), ['npm']);
  m = machine({ commands: { ...allCommands, node: 'exit 1' }, modules: allModules, files: allFiles });
  assert.deepEqual(packagesOf(run(m, '--dry-run').out.trim().split('\n').pop()), ['nodejs']);
});

test('a complete machine: nothing to install, and --if-needed says nothing', () => {
  const m = machine({ commands: allCommands, modules: allModules, files: allFiles });
  let r = run(m, '--dry-run');
  assert.equal(r.status, 0);
  assert.equal(r.out.trim(), 'nothing to install');
  r = run(m, '--if-needed', 'test');
  assert.equal(r.status, 0);
  assert.equal(r.err, '');
  assert.equal(r.out, '');
});

test('a failed installation names the package that failed, and installs the rest', () => {
  const log = join(dir, 'apt.log');
  const apt = `echo "$*" >> ${log}\ncase " $* " in *" npm "*) echo "E: Unable to correct problems, you have held broken packages." >&2; exit 100;; esac\nexit 0`;
  const m = machine({ commands: { ...without(allCommands, ['npm']), 'apt-get': apt, sudo: 'exec "$@"' },
    modules: without(allModules, ['jansson']), files: allFiles });
  const r = run(m, '--if-needed');
  assert.equal(r.status, 1);
  assert.match(r.err, /could not install npm/);
  assert.match(r.err, /held broken packages/);
  assert.match(r.err, /failed: npm$/m);
  const calls = readFileSync(log, 'utf8').trim().split('\n');
  assert.equal(calls[0], 'update -q');
  assert.deepEqual(packagesOf(calls[1]), ['libjansson-dev', 'npm']);           // all at once first
  assert.ok(calls.slice(2).some((c) => packagesOf(c).join() === 'libjansson-dev'), calls.join('\n'));
  assert.ok(!calls.some((c) => /nodejs/.test(c)));
});

test('a machine without apt-get is told what to install', () => {
  const m = machine({ commands: allCommands, modules: without(allModules, ['libpq']), files: allFiles });
  const r = run(m);
  assert.equal(r.status, 1);
  assert.match(r.err, /libpq-dev/);
  assert.match(r.err, /no apt-get/);
});

test('unknown arguments are refused', () => {
  const m = machine({ commands: allCommands, modules: allModules, files: allFiles });
  const r = run(m, '--if-neded');
  assert.equal(r.status, 1);
  assert.match(r.err, /unknown argument/);
  assert.ok(existsSync(script));
});
