import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What became of each person a notice names: recorded by a unit, public once a second person
 * approves the update that carries it, with the tips that led there.
 */
export class PersonOutcomes1732300002500 implements MigrationInterface {
  name = 'PersonOutcomes1732300002500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE person_outcome (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        bulletin_id uuid NOT NULL REFERENCES bulletin (id),
        person integer NOT NULL CHECK (person >= 0),
        status varchar(20) NOT NULL CHECK (status IN ('arrested', 'surrendered', 'deceased', 'found_safe', 'found_deceased')),
        occurred_at timestamptz NOT NULL,
        place varchar(200),
        proposal_id uuid NOT NULL REFERENCES bulletin_proposal (id),
        recorded_by uuid,
        recorded_at timestamptz NOT NULL,
        approved_at timestamptz
      )`);
    // A person is resolved once: a second record waits only while the first's proposal is undecided.
    await db.query(`CREATE UNIQUE INDEX person_outcome_once ON person_outcome (bulletin_id, person) WHERE approved_at IS NOT NULL`);
    await db.query(`CREATE INDEX person_outcome_proposal ON person_outcome (proposal_id)`);
    await db.query(`
      CREATE TABLE person_outcome_tip (
        person_outcome_id uuid NOT NULL REFERENCES person_outcome (id),
        tip_id uuid NOT NULL REFERENCES tip (id),
        PRIMARY KEY (person_outcome_id, tip_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE person_outcome_tip`);
    await db.query(`DROP TABLE person_outcome`);
  }
}
