import { type MigrationInterface, type QueryRunner } from 'typeorm';

const RECEIVE_TIP = `
      CREATE OR REPLACE FUNCTION receive_tip(tip_json jsonb, fingerprints text[], similar_since timestamptz, audit_json jsonb,
        OUT stored_status tip_status, OUT stored_duplicate_of uuid)
      LANGUAGE plpgsql VOLATILE  AS $$
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
          SELECT id, received_at, created_at, duplicate_of FROM tip WHERE bulletin_id = t.bulletin_id AND text_fingerprint = t.text_fingerprint
          UNION ALL
          SELECT id, received_at, created_at, duplicate_of FROM tip
          WHERE t.contact_fingerprint IS NOT NULL AND bulletin_id = t.bulletin_id AND contact_fingerprint = t.contact_fingerprint
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

/**
 * Tip intake in one statement: tips come in bursts from the public, and each took six round trips
 * (begin, lock, duplicate check, insert, audit row, commit) whose cost, on the api's side, bounded
 * how many tips a second the matrix takes. Called on its own, the call is its own transaction.
 */
export class ReceiveTip1732300001200 implements MigrationInterface {
  name = 'ReceiveTip1732300001200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(RECEIVE_TIP);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION receive_tip(jsonb, text[], timestamptz, jsonb)`);
  }
}
