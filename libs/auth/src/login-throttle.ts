import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@mb/common';
import { AppConfig } from '@mb/config';

/** A quiet day forgets earlier blocks: the delays grow for a sustained attack, not for one bad week. */
const BLOCKS_FORGOTTEN_AFTER_SECONDS = 24 * 3600;

export interface ThrottleVerdict {
  blockedUntil: Date | null;
  /** True when this failure started a block (to be audited once). */
  startedBlock: boolean;
}

/**
 * Wrong passwords counted per (user name, client address), shared by every api process. At the
 * limit that pair waits, each block twice as long as the one before up to the configured longest;
 * other addresses are untouched, so nobody can lock a colleague out from elsewhere. Names that
 * belong to no user are counted the same way, so the answers do not tell them apart.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** When this pair may try again, or null when it may now. */
  async blockedUntil(username: string, client: string): Promise<Date | null> {
    const [row] = await this.dataSource.query(
      `SELECT blocked_until FROM login_throttle WHERE username = $1 AND client = $2 AND blocked_until > $3`,
      [username, client, this.clock.now()],
    );
    return row?.blocked_until ?? null;
  }

  /** Counts one wrong password; an ended block starts the count again from zero. */
  async recordFailure(username: string, client: string): Promise<ThrottleVerdict> {
    const now = this.clock.now();
    const [row] = await this.dataSource.query(
      `INSERT INTO login_throttle AS t (username, client, failures, blocks, last_failure_at) VALUES ($1, $2, 1, 0, $3)
       ON CONFLICT (username, client) DO UPDATE SET
         failures = CASE WHEN t.blocked_until IS NOT NULL AND t.blocked_until <= $3 THEN 1 ELSE t.failures + 1 END,
         blocks = CASE WHEN t.last_failure_at < $3::timestamptz - make_interval(secs => $4) THEN 0 ELSE t.blocks END,
         blocked_until = CASE WHEN t.blocked_until <= $3 THEN NULL ELSE t.blocked_until END,
         last_failure_at = $3
       RETURNING failures, blocks`,
      [username, client, now, BLOCKS_FORGOTTEN_AFTER_SECONDS],
    );
    if (row.failures < this.config.loginMaxFailures) return { blockedUntil: null, startedBlock: false };
    const seconds = Math.min(this.config.loginLockoutSeconds, this.config.loginFirstBlockSeconds * 2 ** row.blocks);
    const blockedUntil = new Date(now.getTime() + seconds * 1000);
    await this.dataSource.query(
      `UPDATE login_throttle SET failures = 0, blocks = blocks + 1, blocked_until = $3 WHERE username = $1 AND client = $2`,
      [username, client, blockedUntil],
    );
    return { blockedUntil, startedBlock: true };
  }

  async forget(username: string, client: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttle WHERE username = $1 AND client = $2`, [username, client]);
  }

  /** An admin's unlock: every address may try again at once. */
  async forgetUser(username: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttle WHERE username = $1`, [username]);
  }
}
