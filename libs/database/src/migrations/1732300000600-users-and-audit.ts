import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Users with roles, refresh tokens, authorship of bulletins, and an append-only audit trail. */
export class UsersAndAudit1732300000600 implements MigrationInterface {
  name = 'UsersAndAudit1732300000600';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE user_role AS ENUM ('editor', 'reviewer', 'unit_operator', 'analyst', 'admin')`);
    await db.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL UNIQUE,
        display_name varchar(100) NOT NULL,
        password_hash text NOT NULL,
        role user_role NOT NULL,
        unit_id uuid REFERENCES unit (id),
        active boolean NOT NULL DEFAULT true,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (role <> 'unit_operator' OR unit_id IS NOT NULL)
      )`);
    await db.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id),
        token_hash char(64) NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX refresh_token_user_idx ON refresh_token (user_id)`);
    await db.query(
      `ALTER TABLE bulletin ADD COLUMN created_by uuid REFERENCES app_user (id), ADD COLUMN approved_by uuid REFERENCES app_user (id), ADD COLUMN review_note text`,
    );
    await db.query(`ALTER TABLE bulletin_version ADD COLUMN created_by uuid REFERENCES app_user (id)`);
    await db.query(`
      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_name varchar(64),
        actor_role varchar(32),
        action varchar(64) NOT NULL,
        entity_type varchar(32) NOT NULL,
        entity_id varchar(64) NOT NULL,
        before jsonb,
        after jsonb,
        request_id varchar(100)
      )`);
    await db.query(`CREATE INDEX audit_entity_idx ON audit_event (entity_type, entity_id, at)`);
    await db.query(`CREATE INDEX audit_actor_idx ON audit_event (actor_id, at)`);
    await db.query(`CREATE INDEX audit_at_brin ON audit_event USING brin (at)`);
    // Append-only for every role, the application's included: history cannot be rewritten.
    await db.query(`
      CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only()`);
    await db.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_event`);
    await db.query(`DROP FUNCTION audit_event_is_append_only`);
    await db.query(`ALTER TABLE bulletin_version DROP COLUMN created_by`);
    await db.query(`ALTER TABLE bulletin DROP COLUMN review_note, DROP COLUMN approved_by, DROP COLUMN created_by`);
    await db.query(`DROP TABLE refresh_token`);
    await db.query(`DROP TABLE app_user`);
    await db.query(`DROP TYPE user_role`);
  }
}
