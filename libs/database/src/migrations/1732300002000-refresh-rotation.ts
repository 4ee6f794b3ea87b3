import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Tells a refresh token spent by rotation from one revoked by a sign-out, so a rotation whose answer
 * was lost (a reload mid-refresh) can be told from a replay.
 */
export class RefreshRotation1732300002000 implements MigrationInterface {
  name = 'RefreshRotation1732300002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE refresh_token ADD COLUMN rotated_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE refresh_token DROP COLUMN rotated_at`);
  }
}
