import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Sign-in failures counted per (user name, client address) instead of per user, so nobody can
 * lock another person out from elsewhere; sessions as refresh-token families with a start time
 * (absolute lifetime, reuse detection); a session version per user that ends every session at once.
 */
export class SessionsAndLoginThrottle1732300001400 implements MigrationInterface {
  name = 'SessionsAndLoginThrottle1732300001400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE login_throttle (
        username varchar(64) NOT NULL,
        client varchar(64) NOT NULL,
        failures integer NOT NULL DEFAULT 0,
        blocks integer NOT NULL DEFAULT 0,
        blocked_until timestamptz,
        last_failure_at timestamptz NOT NULL,
        PRIMARY KEY (username, client)
      )`);
    await db.query(
      `ALTER TABLE app_user DROP COLUMN failed_logins, DROP COLUMN locked_until, ADD COLUMN session_version integer NOT NULL DEFAULT 0`,
    );
    await db.query(`ALTER TABLE refresh_token ADD COLUMN family_id uuid, ADD COLUMN session_started_at timestamptz`);
    await db.query(`UPDATE refresh_token SET family_id = id, session_started_at = created_at`);
    await db.query(`ALTER TABLE refresh_token ALTER COLUMN family_id SET NOT NULL, ALTER COLUMN session_started_at SET NOT NULL`);
    await db.query(`CREATE INDEX refresh_token_family_idx ON refresh_token (family_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX refresh_token_family_idx`);
    await db.query(`ALTER TABLE refresh_token DROP COLUMN family_id, DROP COLUMN session_started_at`);
    await db.query(
      `ALTER TABLE app_user DROP COLUMN session_version, ADD COLUMN failed_logins integer NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz`,
    );
    await db.query(`DROP TABLE login_throttle`);
  }
}
