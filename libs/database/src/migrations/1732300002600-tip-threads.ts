import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The thread between a tipster and the handling unit: every message and photo sealed at rest,
 * nothing about the sender's address or device, and purged after the retention period.
 */
export class TipThreads1732300002600 implements MigrationInterface {
  name = 'TipThreads1732300002600';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE tip_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tip_id uuid NOT NULL REFERENCES tip (id),
        author varchar(10) NOT NULL CHECK (author IN ('tipster', 'unit')),
        author_user_id uuid,
        body_sealed text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX tip_message_of_tip ON tip_message (tip_id, created_at)`);
    await db.query(`
      CREATE TABLE tip_message_photo (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id uuid NOT NULL REFERENCES tip_message (id) ON DELETE CASCADE,
        content_type varchar(20) NOT NULL,
        size_bytes integer NOT NULL,
        bytes_sealed text NOT NULL
      )`);
    await db.query(`CREATE INDEX tip_message_photo_of_message ON tip_message_photo (message_id)`);
    // The tipster's earliest message the unit has not answered yet; the thread's last message for the purge.
    await db.query(`ALTER TABLE tip ADD COLUMN awaiting_answer_since timestamptz, ADD COLUMN last_message_at timestamptz`);
    await db.query(`CREATE INDEX tip_last_message ON tip (last_message_at) WHERE last_message_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tip DROP COLUMN awaiting_answer_since, DROP COLUMN last_message_at`);
    await db.query(`DROP TABLE tip_message_photo`);
    await db.query(`DROP TABLE tip_message`);
  }
}
