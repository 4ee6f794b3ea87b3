import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Subordinate accounts; credentials are stored only as AES-256-GCM ciphertext. */
export class Accounts1732300000100 implements MigrationInterface {
  name = 'Accounts1732300000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE platform AS ENUM ('wechat_mp', 'weibo', 'douyin', 'toutiao', 'webhook')`);
    await db.query(`CREATE TYPE repost_policy AS ENUM ('auto', 'review')`);
    await db.query(`
      CREATE TABLE account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        unit_id uuid NOT NULL REFERENCES unit (id),
        platform platform NOT NULL,
        platform_account_id varchar(128) NOT NULL,
        display_name varchar(100) NOT NULL,
        followers integer NOT NULL DEFAULT 0 CHECK (followers >= 0),
        tags text[] NOT NULL DEFAULT '{}',
        repost_policy repost_policy NOT NULL DEFAULT 'auto',
        active boolean NOT NULL DEFAULT true,
        credentials_sealed text NOT NULL,
        token_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (platform, platform_account_id)
      )`);
    await db.query(`CREATE INDEX account_unit_idx ON account (unit_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE account`);
    await db.query(`DROP TYPE repost_policy`);
    await db.query(`DROP TYPE platform`);
  }
}
