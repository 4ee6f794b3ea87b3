import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The duplicate check's statement, which only the fingerprint's own index can serve. */
const EARLIER_TIP_BY_FINGERPRINT = `WITH same AS MATERIALIZED (
          SELECT id, received_at, created_at, duplicate_of FROM tip WHERE text_fingerprint = t.text_fingerprint AND (bulletin_id = t.bulletin_id) IS TRUE
          UNION ALL
          SELECT id, received_at, created_at, duplicate_of FROM tip WHERE contact_fingerprint = t.contact_fingerprint AND (bulletin_id = t.bulletin_id) IS TRUE
        )
        SELECT same.id INTO t.duplicate_of FROM same`;

/** The statement as every version of receive_tip writes it: the materialised lookup, then its select. */
const DUPLICATE_CHECK = /WITH same AS MATERIALIZED \([\s\S]*?\)\s*SELECT same\.id INTO t\.duplicate_of FROM same/;
const RECEIVE_TIP = `'receive_tip(jsonb, text[], timestamptz, jsonb)'::regprocedure`;

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
export class EarlierTipByFingerprint1732300001300 implements MigrationInterface {
  name = 'EarlierTipByFingerprint1732300001300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX tip_text_fingerprint_idx ON tip (text_fingerprint)`);
    await db.query(`CREATE INDEX tip_contact_fingerprint_idx ON tip (contact_fingerprint) WHERE contact_fingerprint IS NOT NULL`);
    await db.query(`DROP INDEX tip_text_dedupe_idx`);
    await db.query(`DROP INDEX tip_contact_dedupe_idx`);
    await db.query(`ALTER FUNCTION receive_tip(jsonb, text[], timestamptz, jsonb) SET enable_seqscan = off`);
    // Only the duplicate check changes: the function as it stands, with that one statement replaced.
    const [{ definition }] = await db.query(`SELECT pg_get_functiondef(${RECEIVE_TIP}) AS definition`);
    const rewritten = (definition as string).replace(DUPLICATE_CHECK, EARLIER_TIP_BY_FINGERPRINT);
    if (rewritten === definition) throw new Error('receive_tip: the duplicate check to replace was not found');
    await db.query(rewritten);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER FUNCTION receive_tip(jsonb, text[], timestamptz, jsonb) RESET enable_seqscan`);
    // The lookup's text stays as it is: it finds the same tips, only its plan no longer differs.
    await db.query(`CREATE INDEX tip_text_dedupe_idx ON tip (bulletin_id, text_fingerprint)`);
    await db.query(`CREATE INDEX tip_contact_dedupe_idx ON tip (bulletin_id, contact_fingerprint) WHERE contact_fingerprint IS NOT NULL`);
    await db.query(`DROP INDEX tip_text_fingerprint_idx`);
    await db.query(`DROP INDEX tip_contact_fingerprint_idx`);
  }
}
