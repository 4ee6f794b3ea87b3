import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * County review of reposts: a delivery to an account with policy `review` waits for its operator,
 * until the unit's window closes and its fallback applies. Bulletins expire at the end of validity.
 */
export class RepostReviewAndExpiry1732300000800 implements MigrationInterface {
  name = 'RepostReviewAndExpiry1732300000800';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TYPE delivery_state ADD VALUE IF NOT EXISTS 'awaiting_review'`);
    await db.query(`ALTER TYPE delivery_state ADD VALUE IF NOT EXISTS 'declined'`);
    await db.query(`ALTER TABLE delivery ADD COLUMN review_due_at timestamptz`);
    await db.query(`CREATE INDEX delivery_review_due_idx ON delivery (review_due_at) WHERE review_due_at IS NOT NULL`);
    await db.query(`
      ALTER TABLE unit
        ADD COLUMN review_window_minutes integer CHECK (review_window_minutes BETWEEN 1 AND 10080),
        ADD COLUMN review_fallback varchar(8) NOT NULL DEFAULT 'post' CHECK (review_fallback IN ('post', 'skip')),
        ADD COLUMN urgent_opt_out boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE bulletin ADD COLUMN on_expiry varchar(8) NOT NULL DEFAULT 'mark' CHECK (on_expiry IN ('mark', 'remove'))`);
    await db.query(`CREATE INDEX bulletin_expiry_idx ON bulletin (valid_until) WHERE status IN ('published', 'updated')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX bulletin_expiry_idx`);
    await db.query(`ALTER TABLE bulletin DROP COLUMN on_expiry`);
    await db.query(`ALTER TABLE unit DROP COLUMN urgent_opt_out, DROP COLUMN review_fallback, DROP COLUMN review_window_minutes`);
    await db.query(`DROP INDEX delivery_review_due_idx`);
    await db.query(`ALTER TABLE delivery DROP COLUMN review_due_at`);
  }
}
