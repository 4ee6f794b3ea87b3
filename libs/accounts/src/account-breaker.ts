import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { METRICS } from '@mb/common';
import { AppConfig } from '@mb/config';
import { updatedRows } from '@mb/database';
import { PlatformError, PlatformErrorCode } from '@mb/platforms';

/** Failures that say something about the account (not the platform as a whole, not the content). */
const ACCOUNT_FAILURES = new Set([PlatformErrorCode.Transient, PlatformErrorCode.UnknownOutcome, PlatformErrorCode.AuthExpired]);

export type BreakerVerdict = { allowed: true } | { allowed: false; retryInMs: number };

/**
 * Per-account circuit breaker, kept in the account row so every worker process sees the same one:
 * N consecutive failures open it; after the cool-down one probe passes (half-open); its success
 * closes the breaker, its failure opens it again.
 */
@Injectable()
export class AccountBreaker {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Called only when the claim saw the breaker not closed. */
  async admit(accountId: string, now: Date, leaseSeconds: number): Promise<BreakerVerdict> {
    const probe = updatedRows(
      await this.dataSource.query(
        `UPDATE account SET breaker_state = 'half_open', breaker_probe_until = $2::timestamptz + make_interval(secs => $4)
       WHERE id = $1 AND ((breaker_state = 'open' AND breaker_opened_at <= $2::timestamptz - make_interval(secs => $3))
                      OR (breaker_state = 'half_open' AND breaker_probe_until < $2))
       RETURNING id`,
        [accountId, now, this.config.breakerCooldownSeconds, leaseSeconds],
      ),
    );
    if (probe.length > 0) return { allowed: true };
    const [row] = await this.dataSource.query(`SELECT breaker_state, breaker_opened_at, breaker_probe_until FROM account WHERE id = $1`, [
      accountId,
    ]);
    if (!row || row.breaker_state === 'closed') return { allowed: true };
    const reopensAt =
      row.breaker_state === 'open'
        ? new Date(row.breaker_opened_at).getTime() + this.config.breakerCooldownSeconds * 1000
        : new Date(row.breaker_probe_until).getTime();
    return { allowed: false, retryInMs: Math.max(1000, reopensAt - now.getTime()) };
  }

  async recordSuccess(accountId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE account SET consecutive_failures = 0, breaker_state = 'closed', breaker_opened_at = NULL, breaker_probe_until = NULL
       WHERE id = $1 AND (consecutive_failures > 0 OR breaker_state <> 'closed')`,
      [accountId],
    );
  }

  async recordFailure(accountId: string, error: PlatformError, now: Date): Promise<void> {
    if (!ACCOUNT_FAILURES.has(error.code)) return;
    const rows = updatedRows<{ platform: string; opened: boolean }>(
      await this.dataSource.query(
        `UPDATE account
       SET consecutive_failures = consecutive_failures + 1,
           breaker_state = (CASE WHEN breaker_state = 'half_open' OR consecutive_failures + 1 >= $3 THEN 'open' ELSE breaker_state END)::breaker_state,
           breaker_opened_at = CASE WHEN breaker_state = 'half_open' OR consecutive_failures + 1 >= $3 THEN $2 ELSE breaker_opened_at END
       WHERE id = $1
       RETURNING platform, breaker_state = 'open' AND breaker_opened_at = $2 AS opened`,
        [accountId, now, this.config.breakerFailureThreshold],
      ),
    );
    for (const row of rows) if (row.opened) METRICS.breakerOpens.inc({ platform: row.platform });
  }
}
