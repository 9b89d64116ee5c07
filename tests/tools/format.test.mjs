// scripts/check-format holds every C file to .clang-format (the style in use, ARCHITECTURE.md):
// the real tree passes, and a made-up tree shows that it fails naming a file clang-format-14
// would change, passes the same file once --fix has formatted it, and counts a new file that
// git does not track yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const top = new URL('../../', import.meta.url).pathname;
const check = join(top, 'scripts/check-format');

function run(...args) {
  const r = spawnSync('/bin/bash', [check, ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

test('every C file of the project is formatted as .clang-format says', () => {
  const r = run(top);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /\d+ C files formatted/);
});

test('a misformatted file fails, named; --fix formats it; a file git does not track counts', () => {
  const root = mkdtempSync(join(tmpdir(), 'format-'));
  try {
    copyFileSync(join(top, '.clang-format'), join(root, '.clang-format'));
    mkdirSync(join(root, 'server/core'), { recursive: true });
    const good = '/* Fine. */\nstatic int add(int a, int b)\n{\n\treturn a + b;\n}\n';
    writeFileSync(join(root, 'server/core/good.c'), good);
    writeFileSync(join(root, 'server/core/bad.c'), 'static int sub(int a,int b){ return a-b; }\n');
    spawnSync('git', ['-C', root, 'init', '-q']);
    spawnSync('git', ['-C', root, 'add', '.clang-format', 'server/core/good.c']);

    let r = run(root);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /server\/core\/bad\.c/);
    assert.doesNotMatch(r.out, /good\.c:/);
    assert.match(r.out, /1 of 2 C files/);

    r = run('--fix', root);
    assert.equal(r.status, 0, r.out);
    assert.equal(readFileSync(join(root, 'server/core/good.c'), 'utf8'), good);
    assert.match(readFileSync(join(root, 'server/core/bad.c'), 'utf8'), /^static int sub\(int a, int b\)\n\{\n\treturn a - b;\n\}\n$/);
    r = run(root);
    assert.equal(r.status, 0, r.out);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
