// Nothing built, logged or installed is tracked: every file git tracks is checked by name and by
// its first bytes (an ELF binary has no business in the repository, whatever it is called).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { openSync, readSync, closeSync, lstatSync } from 'node:fs';

const top = new URL('../../', import.meta.url).pathname;

function tracked() {
  try {
    return execFileSync('git', ['-C', top, 'ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

const builtName = /(^|\/)(build[^/]*|node_modules|\.data)\/|\.(o|a|so|d|log|out|core)$|(^|\/)(core|vgcore\.\d+|crash-[0-9a-f]+|leak-[0-9a-f]+)$/;

function isElf(path) {
  const st = lstatSync(path);
  if (!st.isFile() || st.size < 4) return false;
  const fd = openSync(path, 'r'), b = Buffer.alloc(4);
  readSync(fd, b, 0, 4, 0);
  closeSync(fd);
  return b.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
}

test('no tracked file is a build output, a log or a binary', (t) => {
  const files = tracked();
  if (!files) return t.skip('not a git checkout');
  const bad = files.filter((f) => builtName.test(f) || isElf(top + f));
  assert.deepEqual(bad, []);
});

// The other way round: no source file is left out by an ignore pattern meant for a build
// output (a "core" pattern for core dumps once hid server/core/ from git, and a fresh clone did
// not build).
test('no source file is ignored', (t) => {
  let ignored;
  try {
    ignored = execFileSync('git', ['-C', top, 'ls-files', '-z', '--others', '--ignored', '--exclude-standard',
      '--', 'server', 'models', 'migrations', 'tests', 'web', 'scripts', 'api-docs', 'bench'],
    { encoding: 'utf8' }).split('\0').filter(Boolean);
  } catch {
    return t.skip('not a git checkout');
  }
  const source = /\.(c|h|sql|md|mjs|js|json|css|html|lua|ndjson|txt)$|(^|\/)(run|load|gen|install-deps|pg-cluster|run-tests|run-fuzz|check-layers|gen-nfc)$/;
  const bad = ignored.filter((f) => source.test(f) && !/(^|\/)(node_modules|vendor)\//.test(f) && !builtName.test(f));
  assert.deepEqual(bad, []);
});

test('the check itself sees a binary and a log', () => {
  assert.ok(isElf(process.execPath));
  assert.ok(builtName.test('build-asan/test-logs/run-1.log'));
  assert.ok(builtName.test('build/swaptrack'));
  assert.ok(builtName.test('server/http.o'));
  assert.ok(!builtName.test('scripts/check-layers'));
  assert.ok(!builtName.test('server/http.c'));
});
