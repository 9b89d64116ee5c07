// What the node test suites share: the swaptrack command on a database, and a server started
// on it (a free port, 127.0.0.1), stopped by its process.
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';

export const bin = process.env.SWAPTRACK_BIN;

export function swaptrack(db, ...args) {
  return execFileSync(bin, args, { env: { ...process.env, DATABASE_URL: db }, encoding: 'utf8' });
}

// A database migrated, with the demo data, and a key of this scope: its text.
export function demoDatabase(db, keyName, scope = 'write') {
  swaptrack(db, 'migrate');
  swaptrack(db, 'batch', '--if-empty', 'scripts/demo/seed.batch.json');
  return swaptrack(db, 'keys', 'create', '--name', keyName, '--scope', scope).trim().split('\n').pop();
}

// Starts `swaptrack serve` on db; resolves to { proc, base } once it says where it listens.
export async function startServer(db) {
  const proc = spawn(bin, ['serve', '--port', '0', '--rate', '0', '--no-migrate'],
    { env: { ...process.env, DATABASE_URL: db }, stdio: ['ignore', 'pipe', 'ignore'] });
  const base = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('the server did not start')), 30000);
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = line.match(/listening on (http:\/\/\S+?)\/?$/);
      if (m) { clearTimeout(t); resolve(m[1]); }
    });
  });
  return { proc, base };
}

export async function stopServer(s) {
  if (!s) return;
  s.proc.kill('SIGTERM');
  await new Promise((r) => s.proc.once('exit', r));
}
