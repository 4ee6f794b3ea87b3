import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Bulletins and their immutable versions: each edit of the content is a new version row. */
export class Bulletins1732300000200 implements MigrationInterface {
  name = 'Bulletins1732300000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE bulletin_kind AS ENUM ('wanted', 'missing_person', 'report')`);
    await db.query(`
      CREATE TYPE bulletin_status AS ENUM (
        'draft', 'pending_review', 'approved', 'scheduled', 'published', 'updated', 'resolved', 'withdrawn', 'expired'
      )`);
    await db.query(`CREATE TYPE bulletin_priority AS ENUM ('normal', 'urgent')`);
    await db.query(`
      CREATE TABLE bulletin (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        kind bulletin_kind NOT NULL,
        status bulletin_status NOT NULL DEFAULT 'draft',
        issuer_unit_id uuid NOT NULL REFERENCES unit (id),
        priority bulletin_priority NOT NULL,
        title varchar(64) NOT NULL,
        valid_from timestamptz,
        valid_until timestamptz,
        target jsonb NOT NULL,
        current_version integer NOT NULL DEFAULT 1,
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_until IS NULL OR valid_from IS NULL OR valid_until > valid_from)
      )`);
    await db.query(`CREATE INDEX bulletin_status_idx ON bulletin (status, created_at DESC)`);
    await db.query(`
      CREATE TABLE bulletin_version (
        bulletin_id uuid NOT NULL REFERENCES bulletin (id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version >= 1),
        content jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (bulletin_id, version)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE bulletin_version`);
    await db.query(`DROP TABLE bulletin`);
    await db.query(`DROP TYPE bulletin_priority`);
    await db.query(`DROP TYPE bulletin_status`);
    await db.query(`DROP TYPE bulletin_kind`);
  }
}
