import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Per-account circuit breaker: consecutive failures open it; after a cool-down one probe may pass. */
export class AccountBreaker1732300000500 implements MigrationInterface {
  name = 'AccountBreaker1732300000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE breaker_state AS ENUM ('closed', 'open', 'half_open')`);
    await db.query(`
      ALTER TABLE account
        ADD COLUMN breaker_state breaker_state NOT NULL DEFAULT 'closed',
        ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0,
        ADD COLUMN breaker_opened_at timestamptz,
        ADD COLUMN breaker_probe_until timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE account DROP COLUMN breaker_probe_until, DROP COLUMN breaker_opened_at, DROP COLUMN consecutive_failures, DROP COLUMN breaker_state`,
    );
    await db.query(`DROP TYPE breaker_state`);
  }
}
