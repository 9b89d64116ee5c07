// The fastify peer: GET /v1/people/:id from the statement swaptrack prepares (SWAPTRACK_SQL,
// from `swaptrack sql people_get`), on a pool of as many connections as swaptrack has threads,
// answering the same JSON text with its ETag. Run by bench/run; prints its port when listening.
import Fastify from 'fastify';
import pg from 'pg';

const sql = process.env.SWAPTRACK_SQL;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL || 4) });
const app = Fastify({ logger: false });

app.get('/v1/people/:id', async (req, reply) => {
  const id = Number(req.params.id);
  if (!Number.isInteger(id) || id < 1) return reply.code(404).type('application/problem+json')
    .send({ type: 'about:blank', title: 'Not Found', status: 404 });
  const r = await pool.query({ name: 'people_get', text: sql, values: [id] });
  if (r.rows.length === 0) return reply.code(404).type('application/problem+json')
    .send({ type: 'about:blank', title: 'Not Found', status: 404 });
  const row = r.rows[0];
  return reply.header('ETag', `"${row.version}"`).type('application/json')
    .send(JSON.stringify(row.json_build_object));
});

const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening on ${address}`);
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, async () => { await app.close(); await pool.end(); process.exit(0); });
