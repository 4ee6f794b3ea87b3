import { MigrationInterface, QueryRunner } from 'typeorm';
import { receiveTipFunction, STATIC_EARLIER_TIP_LOOKUP } from './1732300001200-receive-tip';

/**
 * The duplicate check reads a fingerprint's few tips whatever plan PL/pgSQL keeps for it. It keeps
 * a statement's plan for the session; one made while the tip table was nearly empty, and never
 * replaced because no fresh statistics came (autovacuum off, or not yet run), took the bulletin's
 * index by time, the cheapest on a tie, and walked every tip of the bulletin for each new one: 138
 * rows read a tip after 400 tips, and PostgreSQL's CPU a tip grew with the table. Planning the
 * check on every call instead cost 0.3-0.6 ms of PostgreSQL's CPU a tip, more than the rest of it.
 * Now the only index that can serve it is the fingerprint's own (the bulletin is compared in a form
 * no index takes), and no sequential scan is planned in the function, even on an empty table.
 */
const EARLIER_TIP_BY_FINGERPRINT = `        -- A volatile function's statement sees what committed while it waited for the locks. Each
        -- fingerprint's few tips are fetched by its own index first: asked for the earliest match
        -- directly, the planner walks every tip of the bulletin in time order instead.
        WITH same AS MATERIALIZED (
          SELECT id, received_at, created_at, duplicate_of FROM tip WHERE text_fingerprint = t.text_fingerprint AND (bulletin_id = t.bulletin_id) IS TRUE
          UNION ALL
          SELECT id, received_at, created_at, duplicate_of FROM tip WHERE contact_fingerprint = t.contact_fingerprint AND (bulletin_id = t.bulletin_id) IS TRUE
        )
        SELECT same.id INTO t.duplicate_of FROM same
        WHERE same.received_at >= similar_since AND same.duplicate_of IS NULL
        ORDER BY same.received_at, same.created_at LIMIT 1;
`;

export class EarlierTipByFingerprint1732300001300 implements MigrationInterface {
  name = 'EarlierTipByFingerprint1732300001300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX tip_text_fingerprint_idx ON tip (text_fingerprint)`);
    await db.query(`CREATE INDEX tip_contact_fingerprint_idx ON tip (contact_fingerprint) WHERE contact_fingerprint IS NOT NULL`);
    await db.query(`DROP INDEX tip_text_dedupe_idx`);
    await db.query(`DROP INDEX tip_contact_dedupe_idx`);
    await db.query(receiveTipFunction(EARLIER_TIP_BY_FINGERPRINT, 'SET enable_seqscan = off'));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER FUNCTION receive_tip(jsonb, text[], timestamptz, jsonb) RESET enable_seqscan`);
    await db.query(receiveTipFunction(STATIC_EARLIER_TIP_LOOKUP));
    await db.query(`CREATE INDEX tip_text_dedupe_idx ON tip (bulletin_id, text_fingerprint)`);
    await db.query(`CREATE INDEX tip_contact_dedupe_idx ON tip (bulletin_id, contact_fingerprint) WHERE contact_fingerprint IS NOT NULL`);
    await db.query(`DROP INDEX tip_text_fingerprint_idx`);
    await db.query(`DROP INDEX tip_contact_fingerprint_idx`);
  }
}
