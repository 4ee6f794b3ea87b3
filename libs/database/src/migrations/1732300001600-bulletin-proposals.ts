import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What goes public after the first publish waits for a second person: a proposed update of a live
 * bulletin, or a resolution with a free-text note, is stored here until it is approved (and only
 * then becomes a version) or rejected. One pending proposal per bulletin at a time.
 */
export class BulletinProposals1732300001600 implements MigrationInterface {
  name = 'BulletinProposals1732300001600';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bulletin_proposal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        bulletin_id uuid NOT NULL REFERENCES bulletin (id),
        kind varchar(16) NOT NULL CHECK (kind IN ('update', 'resolution')),
        base_version integer NOT NULL,
        content jsonb NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
        proposed_by uuid REFERENCES app_user (id),
        proposed_at timestamptz NOT NULL,
        decided_by uuid REFERENCES app_user (id),
        decided_at timestamptz,
        reason text
      )`);
    await db.query(`CREATE UNIQUE INDEX bulletin_proposal_one_pending ON bulletin_proposal (bulletin_id) WHERE status = 'pending'`);
    await db.query(`CREATE INDEX bulletin_proposal_bulletin_idx ON bulletin_proposal (bulletin_id, proposed_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE bulletin_proposal`);
  }
}
