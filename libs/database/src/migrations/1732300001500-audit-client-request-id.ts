import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The request id a client sends is kept beside the server's own, which alone identifies the request. */
export class AuditClientRequestId1732300001500 implements MigrationInterface {
  name = 'AuditClientRequestId1732300001500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE audit_event ADD COLUMN client_request_id varchar(100)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE audit_event DROP COLUMN client_request_id`);
  }
}
