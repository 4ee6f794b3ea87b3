import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What units are told, and how: each notification is kept (the console lists it) and is the outbox
 * row of its unit's channel; the channel's address and secret are stored sealed. Each repost nudge
 * is one row per bulletin, unit and level, so a unit is nudged once and its parent told once.
 */
export class NotificationsAndNudges1732300002200 implements MigrationInterface {
  name = 'NotificationsAndNudges1732300002200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE unit_channel (
        unit_id uuid PRIMARY KEY REFERENCES unit (id) ON DELETE CASCADE,
        kind varchar(16) NOT NULL CHECK (kind IN ('webhook', 'wecom_robot', 'dingtalk_robot')),
        url_sealed text NOT NULL,
        secret_sealed text,
        active boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
        kind varchar(32) NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        link text,
        subject_type varchar(32) NOT NULL,
        subject_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        channel_state varchar(8) NOT NULL CHECK (channel_state IN ('none', 'pending', 'sent', 'failed')),
        channel_attempts integer NOT NULL DEFAULT 0,
        channel_next_at timestamptz,
        channel_error text,
        sent_at timestamptz
      )`);
    await db.query(`CREATE INDEX notification_unit_idx ON notification (unit_id, created_at DESC)`);
    await db.query(`CREATE INDEX notification_outbox_idx ON notification (channel_next_at) WHERE channel_state = 'pending'`);
    await db.query(`
      CREATE TABLE repost_nudge (
        bulletin_id uuid NOT NULL REFERENCES bulletin (id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
        level smallint NOT NULL CHECK (level IN (1, 2)),
        notified_unit_id uuid NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (bulletin_id, unit_id, level)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE repost_nudge`);
    await db.query(`DROP TABLE notification`);
    await db.query(`DROP TABLE unit_channel`);
  }
}
