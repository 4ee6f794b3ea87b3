import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Bulletin pictures uploaded from the console, cleaned of their metadata and named by the SHA-256
 * of what is kept: a bulletin version names its pictures by URL, and that URL always shows the
 * same bytes. Rows are never changed; the same picture uploaded twice is one row.
 */
export class MediaImages1732300001800 implements MigrationInterface {
  name = 'MediaImages1732300001800';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE media_image (
        id char(64) PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
        content_type varchar(16) NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
        bytes bytea NOT NULL,
        width integer NOT NULL,
        height integer NOT NULL,
        size_bytes integer NOT NULL,
        uploaded_by uuid REFERENCES app_user (id),
        uploaded_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE media_image`);
  }
}
