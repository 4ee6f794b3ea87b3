import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each assignment names its tip's bulletin, so the unit leaderboard counts the replies owed on a
 * period's bulletins from the assignments alone, not by joining every assignment to its tip.
 */
export class AssignmentBulletin1732300001100 implements MigrationInterface {
  name = 'AssignmentBulletin1732300001100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tip_assignment ADD COLUMN bulletin_id uuid REFERENCES bulletin (id)`);
    await db.query(`UPDATE tip_assignment a SET bulletin_id = t.bulletin_id FROM tip t WHERE t.id = a.tip_id`);
    await db.query(`ALTER TABLE tip_assignment ALTER COLUMN bulletin_id SET NOT NULL`);
    await db.query(`CREATE INDEX tip_assignment_bulletin_idx ON tip_assignment (bulletin_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX tip_assignment_bulletin_idx`);
    await db.query(`ALTER TABLE tip_assignment DROP COLUMN bulletin_id`);
  }
}
