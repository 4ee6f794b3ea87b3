import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What the public record of a bulletin needs beyond its versions: the version it went public with
 * (the drafts before it were never seen) and when it was withdrawn (the CAP Cancel's time).
 */
export class PublicBulletinRecord1732300001900 implements MigrationInterface {
  name = 'PublicBulletinRecord1732300001900';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE bulletin ADD COLUMN first_public_version integer, ADD COLUMN withdrawn_at timestamptz`);
    // Bulletins published before this column: the last version written by the time they went out.
    await db.query(`
      UPDATE bulletin b SET first_public_version = coalesce(
        (SELECT max(v.version) FROM bulletin_version v WHERE v.bulletin_id = b.id AND v.created_at <= b.published_at), 1)
      WHERE b.published_at IS NOT NULL`);
    await db.query(`UPDATE bulletin SET withdrawn_at = updated_at WHERE status = 'withdrawn' AND published_at IS NOT NULL`);
    await db.query(`CREATE INDEX bulletin_public_idx ON bulletin (status) WHERE first_public_version IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX bulletin_public_idx`);
    await db.query(`ALTER TABLE bulletin DROP COLUMN first_public_version, DROP COLUMN withdrawn_at`);
  }
}
