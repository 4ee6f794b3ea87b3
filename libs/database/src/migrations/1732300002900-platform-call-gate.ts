import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each platform's call rate, counted by the engine in one row per platform: a worker process
 * takes a block of calls for the running second in one statement (with how many were taken before
 * it); the rate holds across every process without the queue's own limiter, whose claim lock on the
 * PostgreSQL backend made claims of one platform's queue go one at a time. A platform's "too many
 * calls" pauses its row.
 */
export class PlatformCallGate1732300002900 implements MigrationInterface {
  name = 'PlatformCallGate1732300002900';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE platform_call_gate (
        platform varchar(32) PRIMARY KEY,
        window_second bigint NOT NULL,
        used integer NOT NULL CHECK (used >= 0),
        paused_until_ms bigint NOT NULL DEFAULT 0
      )`);
    // The row lock orders concurrent takes; the clock is the database's, the one every process shares.
    await db.query(`
      CREATE FUNCTION take_platform_calls(p_platform text, p_wanted integer, p_per_second integer,
                                          OUT granted integer, OUT used_before integer,
                                          OUT wait_ms integer, OUT window_left_ms integer)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
        v_second bigint := v_now_ms / 1000;
        v_gate platform_call_gate;
      BEGIN
        INSERT INTO platform_call_gate (platform, window_second, used) VALUES (p_platform, v_second, 0)
        ON CONFLICT (platform) DO NOTHING;
        SELECT * INTO v_gate FROM platform_call_gate WHERE platform = p_platform FOR UPDATE;
        window_left_ms := 1000 - (v_now_ms % 1000)::integer;
        IF v_gate.paused_until_ms > v_now_ms THEN
          granted := 0;
          used_before := 0;
          wait_ms := (v_gate.paused_until_ms - v_now_ms)::integer;
          RETURN;
        END IF;
        IF v_gate.window_second < v_second THEN
          v_gate.used := 0;
        END IF;
        used_before := v_gate.used;
        granted := GREATEST(0, LEAST(p_wanted, p_per_second - v_gate.used));
        UPDATE platform_call_gate SET window_second = GREATEST(window_second, v_second), used = v_gate.used + granted
         WHERE platform = p_platform;
        wait_ms := CASE WHEN granted < p_wanted THEN window_left_ms ELSE 0 END;
      END $$`);
    await db.query(`
      CREATE FUNCTION pause_platform_calls(p_platform text, p_ms integer) RETURNS void
      LANGUAGE sql AS $$
        INSERT INTO platform_call_gate AS gate (platform, window_second, used, paused_until_ms)
        VALUES (p_platform, 0, 0, (extract(epoch FROM clock_timestamp()) * 1000)::bigint + p_ms)
        ON CONFLICT (platform) DO UPDATE SET paused_until_ms = GREATEST(gate.paused_until_ms, EXCLUDED.paused_until_ms)
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION pause_platform_calls(text, integer)`);
    await db.query(`DROP FUNCTION take_platform_calls(text, integer, integer)`);
    await db.query(`DROP TABLE platform_call_gate`);
  }
}
