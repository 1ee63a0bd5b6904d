// The Node.js peer of `make bench` (bench/run_tasks.sh): the task page
// `GET /api/v1/tasks?per_page=N[&page=P]` served with Lantian's own SQL, so
// the ratio Lantian/peer measures what Lantian adds around the same queries.
// Not a product and not a test.
//
//   node bench/peers/tasks_peer.js --db PATH [--port 0] [--workers 2]
//
// Same as Lantian per request (src/app/account_service.cpp authenticate,
// src/app/task_service.cpp list, src/store/tasks_repo.cpp list,
// src/store/list_cache.cpp):
//   1. a read transaction: the session by SHA-256 of the bearer token with
//      its user and the user's unit (the same one SELECT);
//   2. a read transaction: the "tasks" and "task_rows" generations (one
//      SELECT), the total from a per-process count cache keyed by (query,
//      parameters) valid for the "tasks" generation (counted with the same
//      COUNT on a miss), the page from a per-process page cache valid for the
//      "task_rows" generation (on a miss: ids from task_scopes in deadline
//      order, then the rows joined, with what the allowed actions need: open
//      children, whether a report exists, the parent's owner unit);
//   3. JSON.stringify of {items: rows, total, page, per_page}.
// The only textual difference: the joined names carry `AS` aliases, so that
// the row objects keep all their keys (better-sqlite3 names columns by
// their expression's last name).
// The database is opened read-only (Lantian serves it meanwhile) with the
// cache size Lantian sets. node:cluster runs --workers processes, as many as
// Lantian's I/O threads; they share the listening socket.
'use strict';

const cluster = require('node:cluster');
const crypto = require('node:crypto');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const DB = arg('--db');
const PORT = Number(arg('--port', '0'));
const WORKERS = Number(arg('--workers', '2'));
if (!DB) {
  console.error('usage: node tasks_peer.js --db PATH [--port N] [--workers N]');
  process.exit(2);
}

if (cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < WORKERS; i++) {
    const w = cluster.fork();
    w.on('message', (m) => {
      // Every worker listens on the same port; report it once all are up.
      if (m && m.port && ++listening === WORKERS) console.log(`peer listening on http://127.0.0.1:${m.port}`);
    });
  }
  cluster.on('exit', (w, code) => {
    console.error(`peer worker ${w.process.pid} exited (${code})`);
    process.exit(1);
  });
  const stop = () => {
    for (const id in cluster.workers) cluster.workers[id].kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  worker();
}

function worker() {
  const Database = require('better-sqlite3');
  const fastify = require('fastify')({ logger: false });
  const db = new Database(DB, { readonly: true, fileMustExist: true });
  db.pragma('cache_size = -4000');
  db.pragma('temp_store = MEMORY');

  const TASK_COLUMNS = [
    'id', 'campaign_id', 'work_area_id', 'parent_id', 'path', 'depth', 'code', 'title', 'description',
    'owner_unit_id', 'owner_unit_path', 'lead_unit_id', 'lead_unit_path', 'responsible_leader_name',
    'responsible_leader_phone', 'responsible_user_id', 'responsible_person_name', 'responsible_person_phone',
    'start_date', 'deadline', 'deadline_working_days', 'deadline_unverified', 'measure_unit', 'target_value',
    'achieved_value', 'weight', 'progress', 'status', 'status_note', 'assigned_at', 'completed_at',
    'accepted_at', 'last_report_at', 'child_count', 'created_by', 'version', 'created_at', 'updated_at',
  ];
  // The open children: not in the task workflow's done statuses (as shipped).
  const SELECT =
    'SELECT ' + TASK_COLUMNS.map((c) => 't.' + c).join(', ') +
    ', a.name AS work_area_name, o.name AS owner_unit_name, l.name AS lead_unit_name, ' +
    "(SELECT COUNT(*) FROM tasks c WHERE c.parent_id = t.id AND c.status NOT IN ('completed', 'accepted')) AS open_child_count, " +
    'CASE WHEN EXISTS (SELECT 1 FROM progress_reports r WHERE r.task_id = t.id) THEN 1 ELSE 0 END AS has_reports, ' +
    '(SELECT p.owner_unit_path FROM tasks p WHERE p.id = t.parent_id) AS parent_owner_unit_path';
  const JOINS =
    ' JOIN units o ON o.id = t.owner_unit_id JOIN units l ON l.id = t.lead_unit_id LEFT JOIN work_areas a ON a.id = t.work_area_id';

  const authQ = db.prepare(
    'SELECT s.id, s.user_id, s.kind, s.name, s.csrf_token, s.client_address, s.created_at, s.last_seen_at, ' +
      's.expires_at, s.revoked, u.id AS uid, u.username, u.name AS uname, u.phone, u.unit_id, u.position, u.roles, ' +
      'u.password_hash, u.must_change_password, u.disabled, u.failed_logins, u.locked_until, u.last_login_at, ' +
      'u.version, u.created_at AS ucreated_at, u.updated_at, n.name AS unit_name, n.path AS unit_path ' +
      'FROM sessions s JOIN users u ON u.id = s.user_id JOIN units n ON n.id = u.unit_id WHERE s.token_hash = ?');
  const generationsQ = db.prepare('SELECT name, epoch, generation FROM list_generations WHERE name IN (?, ?)');
  const COUNT_SQL = 'SELECT COUNT(*) AS n FROM task_scopes s WHERE s.unit_id = ?';
  const countQ = db.prepare(COUNT_SQL);
  const PAGE_SQL = SELECT + ' FROM (SELECT s.task_id AS id, s.deadline AS k FROM task_scopes s WHERE s.unit_id = ? ' +
      'ORDER BY s.deadline ASC, s.task_id ASC LIMIT ? OFFSET ?) p JOIN tasks t ON t.id = p.id' + JOINS +
      ' ORDER BY p.k ASC, p.id ASC';
  // key -> {generation, value}, as src/store/list_cache.cpp (counts and pages).
  const counts = new Map();
  const pages = new Map();

  const pageQ = db.prepare(PAGE_SQL);

  const authenticate = db.transaction((hash) => {
    const r = authQ.get(hash);
    if (!r || r.revoked || r.expires_at <= new Date().toISOString()) return null;
    return r.disabled ? null : r;
  });

  const cached = (cache, gen, key, compute) => {
    const k = gen.epoch + '\x1e' + key;
    let c = cache.get(k);
    if (!c || c.generation !== gen.generation) {
      c = { generation: gen.generation, value: compute() };
      cache.set(k, c);
    }
    return c.value;
  };

  const listPage = db.transaction((unitId, perPage, page) => {
    const gens = {};
    for (const g of generationsQ.all('tasks', 'task_rows')) gens[g.name] = g;
    const n = cached(counts, gens.tasks, COUNT_SQL + '\x1f' + unitId, () => countQ.get(unitId).n);
    const out = { items: [], total: n, page, per_page: perPage };
    if (n === 0) return out;
    const offset = (page - 1) * perPage;
    out.items = cached(pages, gens.task_rows, PAGE_SQL + '\x1f' + [unitId, perPage, offset].join('\x1f'),
                       () => pageQ.all(unitId, perPage, offset));
    return out;
  });

  fastify.get('/api/v1/tasks', (req, reply) => {
    const h = req.headers.authorization || '';
    const token = h.startsWith('Bearer ') ? h.slice(7) : '';
    if (token.length !== 64) return reply.code(401).send({ code: 'session_expired' });
    const user = authenticate(crypto.createHash('sha256').update(token).digest('hex'));
    if (!user) return reply.code(401).send({ code: 'session_expired' });
    const perPage = Math.min(200, Math.max(1, Number(req.query.per_page || 20)));
    const page = Math.max(1, Number(req.query.page || 1));
    // "/1/431/" -> 431: the reader's unit, as tasks_repo.cpp scope_unit_id().
    const parts = user.unit_path.split('/');
    const unitId = Number(parts[parts.length - 2]);
    reply.header('content-type', 'application/json; charset=utf-8');
    return reply.send(JSON.stringify(listPage(unitId, perPage, page)));
  });

  fastify.listen({ port: PORT, host: '127.0.0.1' }).then(() => {
    process.send({ port: fastify.server.address().port });
  }, (err) => {
    console.error(err);
    process.exit(1);
  });
}
