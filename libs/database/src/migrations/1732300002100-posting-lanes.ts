import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Posting lanes and their quotas. An account may name its kind where quotas differ (a WeChat
 * subscription or service account); a delivery records the lane it went out in and why; each use
 * of a counted quota is one row, keyed by the delivery so a retried attempt never counts twice;
 * a quota the platform itself said was used up blocks the lane until the window ends.
 */
export class PostingLanes1732300002100 implements MigrationInterface {
  name = 'PostingLanes1732300002100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE account ADD COLUMN account_class varchar(32)`);
    await db.query(`ALTER TABLE delivery ADD COLUMN lane varchar(16), ADD COLUMN lane_reason varchar(32)`);
    await db.query(`
      CREATE TABLE lane_quota_use (
        delivery_id uuid NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        lane varchar(16) NOT NULL,
        quota_window varchar(8) NOT NULL CHECK (quota_window IN ('hour', 'day', 'month')),
        window_start timestamptz NOT NULL,
        used_at timestamptz NOT NULL,
        PRIMARY KEY (delivery_id, lane, quota_window)
      )`);
    await db.query(`CREATE INDEX lane_quota_use_window_idx ON lane_quota_use (account_id, lane, quota_window, window_start)`);
    await db.query(`
      CREATE TABLE account_lane_block (
        account_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        lane varchar(16) NOT NULL,
        blocked_until timestamptz NOT NULL,
        reason text NOT NULL,
        PRIMARY KEY (account_id, lane)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE account_lane_block`);
    await db.query(`DROP TABLE lane_quota_use`);
    await db.query(`ALTER TABLE delivery DROP COLUMN lane, DROP COLUMN lane_reason`);
    await db.query(`ALTER TABLE account DROP COLUMN account_class`);
  }
}
