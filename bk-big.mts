import { openPGlite, closePGlite } from "./db/client";
const p = await openPGlite("/tmp/bk-exp/data/pglite");
await p.exec(`insert into audit_event (action, actor_user_id, subject_type, subject_id, ip, details, prev_hash, hash) select 'bench.event', 1, 'entry', g::text, '203.0.113.7', jsonb_build_object('step', g, 'note', 'some text about what changed'), encode(sha256(('p'||g)::bytea),'hex'), encode(sha256(('h'||g)::bytea),'hex') from generate_series(1,100000) g`);
console.log((await p.query("select count(*) from audit_event")).rows);
await closePGlite(p);
