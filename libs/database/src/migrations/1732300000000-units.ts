import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The administrative hierarchy: GB/T 2260 codes, a materialised code path for subtree queries, and a location. */
export class Units1732300000000 implements MigrationInterface {
  name = 'Units1732300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE unit_level AS ENUM ('province', 'city', 'county', 'station')`);
    await db.query(`
      CREATE TABLE unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(16) NOT NULL UNIQUE,
        name varchar(100) NOT NULL,
        level unit_level NOT NULL,
        parent_id uuid REFERENCES unit (id),
        path text NOT NULL UNIQUE,
        latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((level = 'province') = (parent_id IS NULL))
      )`);
    await db.query(`CREATE INDEX unit_path_prefix_idx ON unit (path text_pattern_ops)`);
    await db.query(`CREATE INDEX unit_parent_idx ON unit (parent_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE unit`);
    await db.query(`DROP TYPE unit_level`);
  }
}
