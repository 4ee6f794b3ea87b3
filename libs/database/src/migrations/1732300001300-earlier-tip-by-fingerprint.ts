import { type MigrationInterface, type QueryRunner } from 'typeorm';

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
const RECEIVE_TIP = `
      CREATE OR REPLACE FUNCTION receive_tip(tip_json jsonb, fingerprints text[], similar_since timestamptz, audit_json jsonb,
        OUT stored_status tip_status, OUT stored_duplicate_of uuid)
      LANGUAGE plpgsql VOLATILE SET enable_seqscan = off AS $$
      DECLARE
        t tip := jsonb_populate_record(NULL::tip, tip_json);
        fingerprint text;
      BEGIN
        -- Tips that could repeat each other (same bulletin, same text or contact) wait for each other
        -- until commit, so of two at once exactly one is the first; always in the same order.
        FOREACH fingerprint IN ARRAY (SELECT array_agg(f ORDER BY f) FROM unnest(fingerprints) AS f) LOOP
          PERFORM pg_advisory_xact_lock(hashtextextended(t.bulletin_id || ':' || fingerprint, 0));
        END LOOP;
        -- A volatile function's statement sees what committed while it waited for the locks. Each
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
        IF t.duplicate_of IS NOT NULL THEN
          t.status := 'duplicate';
        END IF;

        INSERT INTO tip (id, reply_code, bulletin_id, account_id, platform, source_unit_id, source, idempotency_key, request_fingerprint,
          platform_message_id, text, anonymous, name_sealed, contact_sealed, sender_sealed, contact_fingerprint, text_fingerprint,
          latitude, longitude, location_text, status, duplicate_of, handling_unit_id, routed_unit_id, reply_due_at, received_at)
        VALUES (t.id, t.reply_code, t.bulletin_id, t.account_id, t.platform, t.source_unit_id, t.source, t.idempotency_key, t.request_fingerprint,
          t.platform_message_id, t.text, t.anonymous, t.name_sealed, t.contact_sealed, t.sender_sealed, t.contact_fingerprint, t.text_fingerprint,
          t.latitude, t.longitude, t.location_text, t.status, t.duplicate_of, t.handling_unit_id, t.routed_unit_id, t.reply_due_at, t.received_at)
        ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
          RETURN;
        END IF;
        -- The handling unit owes a reply by the deadline.
        INSERT INTO tip_assignment (tip_id, bulletin_id, unit_id, assigned_at, due_at) VALUES (t.id, t.bulletin_id, t.handling_unit_id, t.received_at, t.reply_due_at);
        INSERT INTO audit_event (actor_id, actor_name, actor_role, action, entity_type, entity_id, before, after, request_id)
        SELECT a.actor_id, a.actor_name, a.actor_role, a.action, a.entity_type, a.entity_id, a.before,
          a.after || jsonb_build_object('status', t.status, 'duplicateOf', t.duplicate_of), a.request_id
        FROM jsonb_populate_record(NULL::audit_event, audit_json) a;
        stored_status := t.status;
        stored_duplicate_of := t.duplicate_of;
      END $$`;

export class EarlierTipByFingerprint1732300001300 implements MigrationInterface {
  name = 'EarlierTipByFingerprint1732300001300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX tip_text_fingerprint_idx ON tip (text_fingerprint)`);
    await db.query(`CREATE INDEX tip_contact_fingerprint_idx ON tip (contact_fingerprint) WHERE contact_fingerprint IS NOT NULL`);
    await db.query(`DROP INDEX tip_text_dedupe_idx`);
    await db.query(`DROP INDEX tip_contact_dedupe_idx`);
    await db.query(RECEIVE_TIP);
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
