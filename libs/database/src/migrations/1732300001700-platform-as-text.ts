import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The platform column becomes text under a domain whose check lists the known platforms. An enum
 * took a migration per platform and could never lose a value; the domain's check is rewritten by
 * `migrate` from the platforms the code knows, so adding a platform needs no migration. The
 * domain keeps the name `platform`, so statements casting to it read as before.
 */
export class PlatformAsText1732300001700 implements MigrationInterface {
  name = 'PlatformAsText1732300001700';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TYPE platform RENAME TO platform_enum`);
    await db.query(
      `CREATE DOMAIN platform AS text CONSTRAINT platform_known CHECK (VALUE IN ('wechat_mp', 'weibo', 'douyin', 'toutiao', 'webhook'))`,
    );
    await this.retype(db, 'platform_enum', 'platform', 'text');
    await db.query(`DROP TYPE platform_enum`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER DOMAIN platform RENAME TO platform_text`);
    await db.query(`CREATE TYPE platform AS ENUM ('wechat_mp', 'weibo', 'douyin', 'toutiao', 'webhook')`);
    await this.retype(db, 'platform_text', 'platform', 'platform');
    await db.query(`DROP DOMAIN platform_text`);
  }

  /** Every column of type `from` becomes type `to` (through `via`), wherever it is. */
  private async retype(db: QueryRunner, from: string, to: string, via: string): Promise<void> {
    const columns: Array<{ table: string; column: string }> = await db.query(
      `SELECT c.relname AS table, a.attname AS column FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE a.atttypid = $1::regtype AND c.relkind = 'r' AND NOT a.attisdropped ORDER BY 1, 2`,
      [from],
    );
    for (const { table, column } of columns) {
      await db.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE ${to} USING "${column}"::text::${via}`);
    }
  }
}
