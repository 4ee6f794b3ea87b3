import { MigrationInterface, QueryRunner } from 'typeorm';
import { receiveTipFunction, STATIC_EARLIER_TIP_LOOKUP } from './1732300001200-receive-tip';

/**
 * The duplicate check planned on every call, as dynamic SQL. PL/pgSQL keeps a statement's plan for
 * the session; one made while the tip table was nearly empty, and never replaced because no fresh
 * statistics came (autovacuum off, or not yet run), walked every tip of the bulletin by time for
 * each new tip: 138 rows read a tip after 400 tips, and PostgreSQL's CPU a tip grew with the table.
 * Planned with the call's values and the table's current size, it takes the fingerprint's index.
 */
const EARLIER_TIP_PLANNED_PER_CALL = `        -- A volatile function's statement sees what committed while it waited for the locks. Each
        -- fingerprint's few tips are fetched by its own index first: asked for the earliest match
        -- directly, the planner walks every tip of the bulletin in time order instead.
        EXECUTE $lookup$
          WITH same AS MATERIALIZED (
            SELECT id, received_at, created_at, duplicate_of FROM tip WHERE bulletin_id = $1 AND text_fingerprint = $2
            UNION ALL
            SELECT id, received_at, created_at, duplicate_of FROM tip WHERE $3::text IS NOT NULL AND bulletin_id = $1 AND contact_fingerprint = $3
          )
          SELECT same.id FROM same
          WHERE same.received_at >= $4 AND same.duplicate_of IS NULL
          ORDER BY same.received_at, same.created_at LIMIT 1
        $lookup$ INTO t.duplicate_of USING t.bulletin_id, t.text_fingerprint, t.contact_fingerprint, similar_since;
`;

export class EarlierTipPlannedPerCall1732300001300 implements MigrationInterface {
  name = 'EarlierTipPlannedPerCall1732300001300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(receiveTipFunction(EARLIER_TIP_PLANNED_PER_CALL));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(receiveTipFunction(STATIC_EARLIER_TIP_LOOKUP));
  }
}
