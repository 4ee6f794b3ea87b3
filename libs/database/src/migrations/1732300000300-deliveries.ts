import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * One delivery per (bulletin, version, account). The unique key is what guarantees that no
 * account is given the same version twice, whatever the number of processes.
 */
export class Deliveries1732300000300 implements MigrationInterface {
  name = 'Deliveries1732300000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TYPE delivery_state AS ENUM (
        'pending', 'queued', 'publishing', 'published', 'retry_wait', 'failed', 'unconfirmed',
        'cancelled', 'updating', 'updated', 'removing', 'removed'
      )`);
    await db.query(`
      CREATE TABLE delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        bulletin_id uuid NOT NULL REFERENCES bulletin (id),
        version integer NOT NULL,
        account_id uuid NOT NULL REFERENCES account (id),
        platform platform NOT NULL,
        state delivery_state NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        lease_until timestamptz,
        last_error_code varchar(32),
        last_error_reason text,
        platform_post_id varchar(128),
        post_url text,
        posted_at timestamptz,
        removed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (bulletin_id, version, account_id),
        FOREIGN KEY (bulletin_id, version) REFERENCES bulletin_version (bulletin_id, version)
      )`);
    await db.query(`CREATE INDEX delivery_progress_idx ON delivery (bulletin_id, state, platform)`);
    await db.query(`CREATE INDEX delivery_account_idx ON delivery (account_id)`);
    await db.query(`
      CREATE INDEX delivery_unfinished_idx ON delivery (next_attempt_at)
      WHERE state IN ('pending', 'queued', 'publishing', 'retry_wait')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE delivery`);
    await db.query(`DROP TYPE delivery_state`);
  }
}
