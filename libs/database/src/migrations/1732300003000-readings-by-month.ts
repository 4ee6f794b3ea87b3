import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Counter readings partitioned by month (UTC), so a national matrix's readings are dropped a
 * month at a time once older than the retention, never deleted row by row; the reports read the
 * pre-aggregates, which stay. The upkeep works in UTC months. A default partition takes any reading no month is made for yet. The
 * running processes own nothing, so the month upkeep is a function that runs as the owner.
 */
export class ReadingsByMonth1732300003000 implements MigrationInterface {
  name = 'ReadingsByMonth1732300003000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX post_snapshot_time_brin`);
    await db.query(`DROP INDEX post_snapshot_delivery_idx`);
    await db.query(`ALTER TABLE post_snapshot RENAME TO post_snapshot_before_months`);
    await db.query(`
      CREATE TABLE post_snapshot (
        delivery_id uuid NOT NULL,
        bulletin_id uuid NOT NULL,
        taken_at timestamptz NOT NULL,
        reads bigint NOT NULL,
        shares bigint NOT NULL,
        likes bigint NOT NULL,
        comments bigint NOT NULL
      ) PARTITION BY RANGE (taken_at)`);
    await db.query(`CREATE TABLE post_snapshot_default PARTITION OF post_snapshot DEFAULT`);
    await db.query(`CREATE INDEX post_snapshot_time_brin ON post_snapshot USING brin (taken_at)`);
    await db.query(`CREATE INDEX post_snapshot_delivery_idx ON post_snapshot (delivery_id, taken_at)`);
    // One upkeep at a time (every worker runs it); a month's rows already in the default partition move into the month made for them.
    await db.query(`
      CREATE FUNCTION keep_reading_months(p_now timestamptz, p_months_ahead integer, p_keep_months integer,
                                          p_from timestamptz DEFAULT NULL,
                                          OUT months_made integer, OUT months_dropped integer)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT SET timezone = 'UTC' AS $$
      DECLARE
        v_month timestamptz;
        v_name text;
        v_oldest_kept timestamptz := date_trunc('month', p_now) - make_interval(months => GREATEST(p_keep_months - 1, 0));
        v_part record;
        v_from timestamptz;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('keep_reading_months'));
        months_made := 0;
        months_dropped := 0;
        -- Every kept month exists, and so does the month of any reading waiting in the default partition.
        v_from := coalesce(p_from, CASE WHEN p_keep_months > 0 THEN v_oldest_kept
                                        ELSE LEAST(p_now, (SELECT min(taken_at) FROM post_snapshot_default)) END);
        FOR v_month IN
          SELECT generate_series(date_trunc('month', v_from),
                                 date_trunc('month', p_now) + make_interval(months => p_months_ahead), interval '1 month')
        LOOP
          IF p_keep_months > 0 AND v_month < v_oldest_kept THEN
            CONTINUE;
          END IF;
          v_name := 'post_snapshot_' || to_char(v_month, 'YYYY_MM');
          CONTINUE WHEN to_regclass(v_name) IS NOT NULL;
          EXECUTE format('CREATE TABLE %I (LIKE post_snapshot INCLUDING DEFAULTS)', v_name);
          EXECUTE format('WITH moved AS (DELETE FROM post_snapshot_default WHERE taken_at >= %L AND taken_at < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
                         v_month, v_month + interval '1 month', v_name);
          EXECUTE format('ALTER TABLE post_snapshot ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', v_name, v_month, v_month + interval '1 month');
          months_made := months_made + 1;
        END LOOP;
        IF p_keep_months > 0 THEN
          FOR v_part IN
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = 'post_snapshot'::regclass AND c.relname ~ '^post_snapshot_[0-9]{4}_[0-9]{2}$'
               AND to_date(substring(c.relname FROM 15), 'YYYY_MM') < v_oldest_kept::date
          LOOP
            EXECUTE format('DROP TABLE %I', v_part.relname);
            months_dropped := months_dropped + 1;
          END LOOP;
          DELETE FROM post_snapshot_default WHERE taken_at < v_oldest_kept;
        END IF;
      END $$`);
    await db.query(`SELECT keep_reading_months(now(), 2, 0, (SELECT min(taken_at) FROM post_snapshot_before_months))`);
    await db.query(`INSERT INTO post_snapshot SELECT * FROM post_snapshot_before_months`);
    await db.query(`DROP TABLE post_snapshot_before_months`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION keep_reading_months(timestamptz, integer, integer, timestamptz)`);
    await db.query(`ALTER TABLE post_snapshot RENAME TO post_snapshot_by_month`);
    await db.query(`CREATE TABLE post_snapshot (LIKE post_snapshot_by_month INCLUDING DEFAULTS)`);
    await db.query(`INSERT INTO post_snapshot SELECT * FROM post_snapshot_by_month`);
    await db.query(`DROP TABLE post_snapshot_by_month`);
    await db.query(`CREATE INDEX post_snapshot_time_brin ON post_snapshot USING brin (taken_at)`);
    await db.query(`CREATE INDEX post_snapshot_delivery_idx ON post_snapshot (delivery_id, taken_at)`);
  }
}
