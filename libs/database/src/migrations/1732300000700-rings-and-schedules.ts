import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Geographic targeting (distances computed in the database with earthdistance), expanding alert
 * rings and scheduled publishing. Each due action is a row claimed once by a conditional UPDATE.
 */
export class RingsAndSchedules1732300000700 implements MigrationInterface {
  name = 'RingsAndSchedules1732300000700';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS cube`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS earthdistance`);
    await db.query(`ALTER TABLE delivery ADD COLUMN ring integer NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE bulletin ADD COLUMN publish_at timestamptz`);
    await db.query(`CREATE INDEX bulletin_due_idx ON bulletin (publish_at) WHERE status = 'scheduled'`);
    await db.query(`
      CREATE TABLE bulletin_ring (
        bulletin_id uuid NOT NULL REFERENCES bulletin (id),
        ring integer NOT NULL CHECK (ring >= 1),
        due_at timestamptz NOT NULL,
        expanded_at timestamptz,
        PRIMARY KEY (bulletin_id, ring)
      )`);
    await db.query(`CREATE INDEX bulletin_ring_due_idx ON bulletin_ring (due_at) WHERE expanded_at IS NULL`);
    // A clock the tests can move, read by every process; only consulted when testClock is configured.
    await db.query(`CREATE TABLE test_clock (id boolean PRIMARY KEY DEFAULT true CHECK (id), offset_ms bigint NOT NULL DEFAULT 0)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE test_clock`);
    await db.query(`DROP TABLE bulletin_ring`);
    await db.query(`DROP INDEX bulletin_due_idx`);
    await db.query(`ALTER TABLE bulletin DROP COLUMN publish_at`);
    await db.query(`ALTER TABLE delivery DROP COLUMN ring`);
  }
}
