import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** When the handling unit was told a tip's reply is due soon (once per deadline; an escalation's new deadline warns again). */
export class TipReplyDueSoon1732300002800 implements MigrationInterface {
  name = 'TipReplyDueSoon1732300002800';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tip ADD COLUMN due_soon_notified_at timestamptz`);
    await db.query(`CREATE INDEX tip_reply_due_soon ON tip (reply_due_at) WHERE replied_at IS NULL AND due_soon_notified_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tip DROP COLUMN due_soon_notified_at`);
  }
}
