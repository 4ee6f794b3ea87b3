import { Injectable } from '@nestjs/common';
import { Transactions } from '@mb/database';
import { PlatformErrorCode } from '@mb/platforms';
import { type AccountHealth } from './dispatch.views';

/**
 * Whether each account is known to work, from its deliveries: its last successful post, its last
 * failure and code, whether the platform refused its credentials since it last posted, and whether
 * it has posted nothing for the dormancy period.
 */
@Injectable()
export class AccountHealthRepository {
  constructor(private readonly transactions: Transactions) {}

  async list(
    filter: { unitId?: string; unitPath: string | null; problemsOnly: boolean; now: Date; dormantSince: Date; reauthoriseBefore: Date },
    limit: number,
    offset: number,
  ): Promise<{ items: AccountHealth[]; total: number }> {
    const health = `
      SELECT a.id AS "accountId", a.display_name AS "displayName", a.platform, a.unit_id AS "unitId", u.name AS "unitName",
             a.token_expires_at AS "tokenExpiresAt", a.refresh_token_expires_at AS "refreshTokenExpiresAt",
             a.renewal_attempted_at AS "renewalAttemptedAt", a.breaker_state = 'open' AS "breakerOpen",
             s.last AS "lastPostedAt", f.updated_at AS "lastFailureAt", f.last_error_code AS "lastFailureCode",
             (a.credentials_refused_at IS NOT NULL
               OR coalesce(f.last_error_code = $4 AND f.updated_at > coalesce(s.last, '-infinity'), false)) AS "authRefused",
             coalesce(a.refresh_token_expires_at < $7, false) AS "reauthoriseSoon",
             coalesce(a.token_expires_at < $5, false) AS "tokenExpired",
             (a.created_at < $6 AND coalesce(s.last, '-infinity') < $6) AS dormant
      FROM account a JOIN unit u ON u.id = a.unit_id
      LEFT JOIN LATERAL (SELECT max(d.posted_at) AS last FROM delivery d WHERE d.account_id = a.id) s ON true
      LEFT JOIN LATERAL (
        SELECT d.updated_at, d.last_error_code FROM delivery d
        WHERE d.account_id = a.id AND d.last_error_code IS NOT NULL ORDER BY d.updated_at DESC LIMIT 1
      ) f ON true
      WHERE a.active AND ($1::uuid IS NULL OR a.unit_id = $1) AND ($2::text IS NULL OR u.path LIKE $2 || '%')`;
    const problems = `WHERE NOT $3::boolean OR h."authRefused" OR h."tokenExpired" OR h."breakerOpen" OR h.dormant OR h."reauthoriseSoon"`;
    const parameters = [
      filter.unitId ?? null,
      filter.unitPath,
      filter.problemsOnly,
      PlatformErrorCode.AuthExpired,
      filter.now,
      filter.dormantSince,
      filter.reauthoriseBefore,
    ];
    const items: AccountHealth[] = await this.transactions.query(
      `SELECT * FROM (${health}) h ${problems} ORDER BY h."unitName", h."displayName", h."accountId" LIMIT $8 OFFSET $9`,
      [...parameters, limit, offset],
    );
    const [{ total }] = await this.transactions.query(`SELECT count(*)::int AS total FROM (${health}) h ${problems}`, parameters);
    return { items, total };
  }

  /**
   * Active accounts of the platforms given whose token runs out before `renewBefore` (or whose
   * expiry is not known yet), not tried since `triedSince`, and not already refused.
   */
  dueForRenewal(platforms: string[], renewBefore: Date, triedSince: Date, limit: number): Promise<Array<{ id: string; platform: string }>> {
    return this.transactions.query(
      `SELECT a.id, a.platform::text AS platform FROM account a
       WHERE a.active AND a.platform::text = ANY ($1) AND a.credentials_refused_at IS NULL
         AND (a.token_expires_at IS NULL OR a.token_expires_at < $2)
         AND coalesce(a.renewal_attempted_at, '-infinity') < $3
       ORDER BY a.token_expires_at NULLS FIRST LIMIT $4`,
      [platforms, renewBefore, triedSince, limit],
    );
  }
}
