import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Updates carry a newer version to a live post; the row that held the post before is then superseded. */
export class DeliveryPropagation1732300000400 implements MigrationInterface {
  name = 'DeliveryPropagation1732300000400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TYPE delivery_state ADD VALUE IF NOT EXISTS 'superseded'`);
    await db.query(`ALTER TABLE delivery ADD COLUMN replaces_delivery_id uuid REFERENCES delivery (id)`);
    await db.query(`ALTER TABLE delivery ADD COLUMN update_mode varchar(16) CHECK (update_mode IN ('edited', 'follow_up'))`);
    await db.query(`CREATE INDEX delivery_bulletin_account_idx ON delivery (bulletin_id, account_id, version)`);
    await db.query(`CREATE INDEX delivery_failed_idx ON delivery (updated_at) WHERE state = 'failed'`);
    await db.query(
      `CREATE INDEX delivery_in_flight_idx ON delivery (lease_until) WHERE state IN ('publishing', 'updating', 'removing', 'unconfirmed')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX delivery_in_flight_idx`);
    await db.query(`DROP INDEX delivery_failed_idx`);
    await db.query(`DROP INDEX delivery_bulletin_account_idx`);
    await db.query(`ALTER TABLE delivery DROP COLUMN update_mode`);
    await db.query(`ALTER TABLE delivery DROP COLUMN replaces_delivery_id`);
    // PostgreSQL cannot drop an enum value; 'superseded' stays, unused.
  }
}
