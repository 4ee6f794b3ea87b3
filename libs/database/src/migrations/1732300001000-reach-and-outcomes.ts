import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Reach and outcomes. Counter snapshots are an append-only time series (BRIN on time: tens of
 * millions of rows stay cheap to write and to range-scan); every report reads small
 * pre-aggregated tables kept in step with each snapshot in the same transaction: the latest
 * counters per post, reads per bulletin × unit × platform, and read gains per bulletin and hour.
 */
export class ReachAndOutcomes1732300001000 implements MigrationInterface {
  name = 'ReachAndOutcomes1732300001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE post_snapshot (
        delivery_id uuid NOT NULL,
        bulletin_id uuid NOT NULL,
        taken_at timestamptz NOT NULL,
        reads bigint NOT NULL,
        shares bigint NOT NULL,
        likes bigint NOT NULL,
        comments bigint NOT NULL
      )`);
    await db.query(`CREATE INDEX post_snapshot_time_brin ON post_snapshot USING brin (taken_at)`);
    await db.query(`CREATE INDEX post_snapshot_delivery_idx ON post_snapshot (delivery_id, taken_at)`);

    // One row per live post being measured: its latest counters and when to read them next.
    await db.query(`
      CREATE TABLE post_metrics (
        delivery_id uuid PRIMARY KEY REFERENCES delivery (id),
        bulletin_id uuid NOT NULL REFERENCES bulletin (id),
        account_id uuid NOT NULL REFERENCES account (id),
        unit_id uuid NOT NULL REFERENCES unit (id),
        platform platform NOT NULL,
        posted_at timestamptz NOT NULL,
        next_poll_at timestamptz,
        polls integer NOT NULL DEFAULT 0,
        reads bigint NOT NULL DEFAULT 0,
        shares bigint NOT NULL DEFAULT 0,
        likes bigint NOT NULL DEFAULT 0,
        comments bigint NOT NULL DEFAULT 0,
        last_polled_at timestamptz
      )`);
    await db.query(`CREATE INDEX post_metrics_due_idx ON post_metrics (next_poll_at, account_id) WHERE next_poll_at IS NOT NULL`);
    await db.query(`CREATE INDEX post_metrics_bulletin_idx ON post_metrics (bulletin_id)`);

    await db.query(`
      CREATE TABLE bulletin_reach (
        bulletin_id uuid NOT NULL REFERENCES bulletin (id),
        unit_id uuid NOT NULL REFERENCES unit (id),
        platform platform NOT NULL,
        posts integer NOT NULL DEFAULT 0,
        reads bigint NOT NULL DEFAULT 0,
        shares bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (bulletin_id, unit_id, platform)
      )`);
    await db.query(`CREATE INDEX bulletin_reach_unit_idx ON bulletin_reach (unit_id)`);
    await db.query(`
      CREATE TABLE bulletin_reads_hourly (
        bulletin_id uuid NOT NULL REFERENCES bulletin (id),
        hour timestamptz NOT NULL,
        reads_gained bigint NOT NULL,
        PRIMARY KEY (bulletin_id, hour)
      )`);

    await db.query(`
      CREATE TABLE bulletin_outcome (
        bulletin_id uuid PRIMARY KEY REFERENCES bulletin (id),
        outcome varchar(20) NOT NULL CHECK (outcome IN ('arrested', 'surrendered', 'found_safe', 'found_deceased', 'closed_otherwise')),
        occurred_at timestamptz NOT NULL,
        place varchar(200),
        note varchar(500),
        decisive_tip_id uuid REFERENCES tip (id),
        recorded_by uuid,
        recorded_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE outcome_tip (
        bulletin_id uuid NOT NULL REFERENCES bulletin_outcome (bulletin_id),
        tip_id uuid NOT NULL REFERENCES tip (id),
        PRIMARY KEY (bulletin_id, tip_id)
      )`);
    await db.query(`CREATE INDEX tip_source_unit_idx ON tip (source_unit_id)`);
    await db.query(`CREATE INDEX bulletin_published_idx ON bulletin (published_at) WHERE published_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX bulletin_published_idx`);
    await db.query(`DROP INDEX tip_source_unit_idx`);
    for (const table of ['outcome_tip', 'bulletin_outcome', 'bulletin_reads_hourly', 'bulletin_reach', 'post_metrics', 'post_snapshot']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
