// scripts/check-layers keeps the layers of the C code (server/<layer>/, models/) pointing one
// way: the real tree passes, and made-up trees show that it fails on each thing it promises to
// catch: an include against the direction, an include that does not name its folder, a cycle,
// a resource named in the engine, and a file too long to hold one idea.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const top = new URL('../../', import.meta.url).pathname;
const check = join(top, 'scripts/check-layers');

function run(root) {
  const r = spawnSync(process.execPath, [check, ...(root ? [root] : [])], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

// A small tree: core <- http <- engine <- models, each folder with its README.
function tree(files) {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  const base = {
    'server/core/README.md': 'May include: nothing\n',
    'server/core/buf.h': '#define X 1\n',
    'server/http/README.md': 'May include: core\n',
    'server/http/http.h': '#include "core/buf.h"\n',
    'server/http/http.c': '#include "http/http.h"\n',
    'server/engine/README.md': 'May include: core, http\n',
    'server/engine/model/model.h': '#include "core/buf.h"\n',
    'server/engine/crud.c': '#include "engine/model/model.h"\n#include "http/http.h"\n/* a person, in a comment, is fine */\nstatic const char *k = "kind";\n',
    'models/README.md': 'May include: core, http, engine\n',
    'models/people.c': '#include "engine/model/model.h"\nstruct model model_people = {.name = "people", .singular = "person", .table = "people"};\n',
  };
  for (const [name, text] of Object.entries({ ...base, ...files })) {
    if (text === null) continue;
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

function withTree(files, fn) {
  const root = tree(files);
  try {
    fn(run(root));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('the project itself keeps its layers', () => {
  const r = run();
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /every include in its direction, no cycle, no resource named in the engine/);
});

// What includes cannot show: calls. The build's objects (make test builds them first) are read
// with nm: no call against the direction, no files calling each other in a circle.
test('the project\'s object files call only downwards, and in no circle', (t) => {
  const objects = join(top, process.env.BUILD || 'build', 'obj');
  if (!existsSync(join(objects, 'server'))) return t.skip('not built');
  const r = spawnSync(process.execPath, [check, '--objects', objects], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /[1-9][0-9]* object files, every call in its direction, no call cycle/);
});

test('a call against the direction, or a call cycle, fails', (t) => {
  if (spawnSync('cc', ['--version']).status !== 0) return t.skip('no C compiler');
  const root = tree({
    'server/http/http.c': '#include "http/http.h"\nint engine_thing(void);\nint http_go(void) { return engine_thing(); }\n',
    'server/engine/crud.c': '#include "engine/model/model.h"\nint http_go(void);\nint engine_thing(void) { return 1; }\nint engine_other(void) { return http_go(); }\n',
  });
  try {
    for (const f of ['server/http/http.c', 'server/engine/crud.c']) {
      mkdirSync(join(root, 'obj', f, '..'), { recursive: true });
      const c = spawnSync('cc', ['-c', '-I', join(root, 'server'), '-o', join(root, 'obj', f.replace(/\.c$/, '.o')), join(root, f)]);
      assert.equal(c.status, 0, String(c.stderr));
    }
    const r = spawnSync(process.execPath, [check, '--objects', join(root, 'obj'), root], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /server\/http\/http\.c calls engine_thing of server\/engine\/crud\.c: http may not use engine/);
    assert.match(r.stdout, /call cycle: .*server\/engine\/crud\.c.*server\/http\/http\.c|call cycle: .*server\/http\/http\.c.*server\/engine\/crud\.c/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a well-layered made-up tree passes', () => {
  withTree({}, (r) => assert.equal(r.status, 0, r.out));
});

test('an include against the direction fails, naming file, line and rule', () => {
  withTree({ 'server/http/http.c': '#include "http/http.h"\n#include "engine/model/model.h"\n' }, (r) => {
    assert.equal(r.status, 1);
    assert.match(r.out, /server\/http\/http\.c:2: http may not include engine/);
  });
});

test('an include that does not name its folder fails', () => {
  withTree({ 'server/http/http.c': '#include "buf.h"\n' }, (r) => {
    assert.equal(r.status, 1);
    assert.match(r.out, /server\/http\/http\.c:1: #include "buf\.h" does not name a header by its folder/);
  });
});

test('an include cycle fails, even inside one folder', () => {
  withTree({
    'server/http/route.h': '#define R 1\n',
    'server/http/route.c': '#include "http/http.h"\n',
    'server/http/http.c': '#include "http/route.h"\n',
  }, (r) => {
    assert.equal(r.status, 1);
    assert.match(r.out, /include cycle: server\/http\/http -> server\/http\/route -> server\/http\/http/);
  });
});

test('a resource named in the engine fails: by a string or by its model', () => {
  withTree({ 'server/engine/crud.c': '#include "engine/model/model.h"\nstatic const char *s = "person";\n' }, (r) => {
    assert.equal(r.status, 1);
    assert.match(r.out, /server\/engine\/crud\.c:2: the engine names the resource "person"/);
  });
  withTree({ 'server/engine/crud.c': '#include "engine/model/model.h"\nextern int model_people;\n' }, (r) => {
    assert.equal(r.status, 1);
    assert.match(r.out, /server\/engine\/crud\.c:2: the engine names model_people/);
  });
});

test('a file over 800 lines fails', () => {
  withTree({ 'server/http/http.c': '#include "http/http.h"\n' + 'int x;\n'.repeat(800) }, (r) => {
    assert.equal(r.status, 1);
    assert.match(r.out, /server\/http\/http\.c: 801 lines; split it by idea/);
  });
});

test('a folder without its README (or its rule) fails', () => {
  withTree({ 'server/http/README.md': '# http\n' }, (r) => {
    assert.equal(r.status, 1);
    assert.match(r.out, /server\/http\/README\.md: no "May include:" line/);
  });
});
