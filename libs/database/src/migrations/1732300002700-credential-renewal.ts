import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Credentials kept alive ahead of need: when the refresh token itself runs out (so the unit can
 * authorise again days before), when the engine last tried to renew, and when a platform last
 * refused a renewal (an operator must authorise the account again).
 */
export class CredentialRenewal1732300002700 implements MigrationInterface {
  name = 'CredentialRenewal1732300002700';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE account
        ADD COLUMN refresh_token_expires_at timestamptz,
        ADD COLUMN renewal_attempted_at timestamptz,
        ADD COLUMN credentials_refused_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE account DROP COLUMN refresh_token_expires_at, DROP COLUMN renewal_attempted_at, DROP COLUMN credentials_refused_at`,
    );
  }
}
