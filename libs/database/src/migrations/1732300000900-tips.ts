import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Tips from the public: each committed before the tipster gets a reply code, attributed to the
 * account (and so platform and unit) whose post carried the link, routed to a handling unit that
 * owes a reply by a deadline. Every assignment is kept, so reply rates per unit are facts, not
 * estimates. Contacts are stored sealed; only keyed fingerprints are kept for duplicate checks.
 */
export class Tips1732300000900 implements MigrationInterface {
  name = 'Tips1732300000900';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE tip_status AS ENUM ('new', 'triaged', 'assigned', 'verified', 'rejected', 'duplicate', 'led_to_outcome')`);
    await db.query(`CREATE TYPE tip_source AS ENUM ('page', 'api', 'platform')`);
    await db.query(`CREATE TYPE reward_status AS ENUM ('none', 'eligible', 'approved', 'paid', 'declined')`);
    await db.query(`
      CREATE TABLE tip (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reply_code varchar(16) NOT NULL UNIQUE,
        bulletin_id uuid NOT NULL REFERENCES bulletin (id),
        account_id uuid REFERENCES account (id),
        platform platform,
        source_unit_id uuid REFERENCES unit (id),
        source tip_source NOT NULL,
        idempotency_key varchar(100),
        request_fingerprint varchar(64),
        platform_message_id varchar(160),
        text text NOT NULL,
        anonymous boolean NOT NULL,
        name_sealed text,
        contact_sealed text,
        sender_sealed text,
        contact_fingerprint varchar(64),
        text_fingerprint varchar(64) NOT NULL,
        latitude double precision,
        longitude double precision,
        location_text varchar(200),
        status tip_status NOT NULL DEFAULT 'new',
        duplicate_of uuid REFERENCES tip (id),
        handling_unit_id uuid NOT NULL REFERENCES unit (id),
        routed_unit_id uuid NOT NULL REFERENCES unit (id),
        reply_due_at timestamptz NOT NULL,
        reply_text text,
        replied_at timestamptz,
        replied_by uuid,
        reply_delivery varchar(12) CHECK (reply_delivery IN ('page', 'pending', 'sent', 'failed')),
        reply_attempts integer NOT NULL DEFAULT 0,
        reply_error text,
        escalations integer NOT NULL DEFAULT 0,
        reward_eligible boolean NOT NULL DEFAULT false,
        reward_amount numeric(12, 2),
        reward_status reward_status NOT NULL DEFAULT 'none',
        triage_note text,
        received_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
        CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180)
      )`);
    await db.query(`CREATE UNIQUE INDEX tip_idempotency_idx ON tip (bulletin_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await db.query(
      `CREATE UNIQUE INDEX tip_platform_message_idx ON tip (account_id, platform_message_id) WHERE platform_message_id IS NOT NULL`,
    );
    await db.query(`CREATE INDEX tip_bulletin_idx ON tip (bulletin_id, received_at)`);
    await db.query(`CREATE INDEX tip_contact_dedupe_idx ON tip (bulletin_id, contact_fingerprint) WHERE contact_fingerprint IS NOT NULL`);
    await db.query(`CREATE INDEX tip_text_dedupe_idx ON tip (bulletin_id, text_fingerprint)`);
    await db.query(`CREATE INDEX tip_handling_idx ON tip (handling_unit_id, status)`);
    await db.query(`CREATE INDEX tip_reply_due_idx ON tip (reply_due_at) WHERE replied_at IS NULL`);
    await db.query(`CREATE INDEX tip_reply_outbox_idx ON tip (updated_at) WHERE reply_delivery = 'pending'`);
    await db.query(`CREATE INDEX tip_account_idx ON tip (account_id)`);

    // One row per unit a tip was handed to: who owed the reply, by when, and whether they gave it.
    await db.query(`
      CREATE TABLE tip_assignment (
        id bigserial PRIMARY KEY,
        tip_id uuid NOT NULL REFERENCES tip (id),
        unit_id uuid NOT NULL REFERENCES unit (id),
        assigned_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        closed_at timestamptz,
        outcome varchar(12) NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'replied', 'escalated', 'reassigned'))
      )`);
    await db.query(`CREATE INDEX tip_assignment_tip_idx ON tip_assignment (tip_id)`);
    await db.query(`CREATE INDEX tip_assignment_unit_idx ON tip_assignment (unit_id, assigned_at)`);
    await db.query(`CREATE UNIQUE INDEX tip_assignment_current_idx ON tip_assignment (tip_id) WHERE outcome = 'open'`);

    await db.query(`
      CREATE TABLE tip_photo (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tip_id uuid NOT NULL REFERENCES tip (id),
        content_type varchar(32) NOT NULL,
        size_bytes integer NOT NULL,
        bytes bytea NOT NULL
      )`);
    await db.query(`CREATE INDEX tip_photo_tip_idx ON tip_photo (tip_id)`);

    // Where each account's inbound messages were read up to.
    await db.query(`
      CREATE TABLE inbound_cursor (
        account_id uuid PRIMARY KEY REFERENCES account (id),
        cursor text,
        polled_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE inbound_cursor`);
    await db.query(`DROP TABLE tip_photo`);
    await db.query(`DROP TABLE tip_assignment`);
    await db.query(`DROP TABLE tip`);
    await db.query(`DROP TYPE reward_status`);
    await db.query(`DROP TYPE tip_source`);
    await db.query(`DROP TYPE tip_status`);
  }
}
