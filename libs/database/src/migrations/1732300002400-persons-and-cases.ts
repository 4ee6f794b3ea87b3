import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Several persons per notice: the bulletin row keeps its current version's case number (linking
 * the bulletins of one case, for lists and reports) and how many persons it names.
 */
export class PersonsAndCases1732300002400 implements MigrationInterface {
  name = 'PersonsAndCases1732300002400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE bulletin ADD COLUMN case_number varchar(64), ADD COLUMN person_count integer NOT NULL DEFAULT 0`);
    await db.query(`
      UPDATE bulletin b SET
        case_number = coalesce(v.content->'wanted'->>'caseNumber', v.content->'missingPerson'->>'caseNumber'),
        person_count = CASE b.kind
          WHEN 'wanted' THEN coalesce(jsonb_array_length(v.content->'wanted'->'suspects'), (v.content->'wanted' ? 'suspect')::int)
          WHEN 'missing_person' THEN coalesce(jsonb_array_length(v.content->'missingPerson'->'persons'), (v.content->'missingPerson' ? 'person')::int)
          ELSE 0 END
      FROM bulletin_version v WHERE v.bulletin_id = b.id AND v.version = b.current_version`);
    await db.query(`CREATE INDEX bulletin_case_number ON bulletin (case_number) WHERE case_number IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE bulletin DROP COLUMN case_number, DROP COLUMN person_count`);
  }
}
