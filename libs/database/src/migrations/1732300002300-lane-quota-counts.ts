import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A counter per account, lane and quota window beside the per-delivery uses: taking a use is then
 * one conditional statement on one row (the database re-checks the count after any wait), instead
 * of a transaction holding a connection behind a lock.
 */
export class LaneQuotaCounts1732300002300 implements MigrationInterface {
  name = 'LaneQuotaCounts1732300002300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE lane_quota_count (
        account_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        lane varchar(16) NOT NULL,
        quota_window varchar(8) NOT NULL,
        window_start timestamptz NOT NULL,
        used integer NOT NULL CHECK (used >= 0),
        PRIMARY KEY (account_id, lane, quota_window, window_start)
      )`);
    await db.query(`
      INSERT INTO lane_quota_count (account_id, lane, quota_window, window_start, used)
      SELECT account_id, lane, quota_window, window_start, count(*) FROM lane_quota_use GROUP BY 1, 2, 3, 4`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE lane_quota_count`);
  }
}
