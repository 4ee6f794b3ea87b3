import { type accountRows, approvedBulletin, type UnitTree, wantedBulletin } from './factories';
import { type TestSystem, waitFor } from './system';

type AccountRows = ReturnType<typeof accountRows>;

/** Delivery states a fan-out has not finished with. */
export const UNFINISHED = ['pending', 'queued', 'publishing', 'retry_wait', 'unconfirmed', 'updating', 'removing'];

/**
 * The settings under which faults show quickly: short sweeps, leases and retries, so that a test
 * killing a process or a server sees the engine recover within seconds, not minutes.
 */
export const FAULT_TEST_ENV: NodeJS.ProcessEnv = {
  MB_LOG_LEVEL: 'info',
  MB_WORKER_CONCURRENCY: '10',
  MB_SWEEP_INTERVAL_MS: '500',
  MB_QUEUED_STALE_SECONDS: '3',
  MB_RECONCILE_AFTER_SECONDS: '1',
  MB_DELIVERY_LEASE_SECONDS: '6',
  MB_DELIVERY_MAX_ATTEMPTS: '40',
  MB_RETRY_BASE_DELAY_MS: '100',
  MB_RETRY_MAX_DELAY_MS: '1000',
  MB_BREAKER_FAILURE_THRESHOLD: '12',
  MB_BREAKER_COOLDOWN_SECONDS: '2',
  MB_PLATFORM_TIMEOUT_MS: '3000',
};

/** What a fault test asks of a fan-out: publish, wait for a share or for the end, and count the posts each account got. */
export class FanOutChecks {
  constructor(
    private readonly system: TestSystem,
    private readonly tree: UnitTree,
    private readonly rows: AccountRows,
  ) {}

  async publish(title = '悬赏通缉犯罪嫌疑人张某某', platforms?: string[]): Promise<{ id: string; seq: number }> {
    const bulletin = await approvedBulletin(this.system, { ...wantedBulletin(this.tree.cityId, [this.tree.cityId], platforms), title });
    const published = await this.system.reviewer.post(`/bulletins/${bulletin.id}/publish`);
    if (published.status !== 202) throw new Error(`publish answered ${published.status}: ${JSON.stringify(published.data)}`);
    return bulletin;
  }

  async finishedShare(bulletinId: string): Promise<number> {
    const progress = (await this.system.api.get(`/bulletins/${bulletinId}/progress`)).data;
    return progress.total === 0 ? 0 : progress.finished / progress.total;
  }

  async waitUntilShare(bulletinId: string, share: number): Promise<void> {
    await waitFor(
      `${share * 100}% of the fan-out`,
      async () => ((await this.finishedShare(bulletinId)) >= share ? true : undefined),
      120_000,
      100,
    );
  }

  async waitUntilIdle(bulletinId: string, timeoutMs = 180_000): Promise<void> {
    await waitFor(
      'the system to be idle',
      async () => {
        const { rows: open } = await this.system.db.query(
          `SELECT count(*)::int AS open FROM delivery WHERE bulletin_id = $1 AND state = ANY ($2)`,
          [bulletinId, UNFINISHED],
        );
        return open[0].open === 0 ? true : undefined;
      },
      timeoutMs,
      250,
    );
  }

  /** Posts on the simulated platforms carrying this bulletin's attribution codes, per account. */
  async postsOf(seq: number): Promise<Map<string, Array<{ id: string; deletedAt?: string; text: string }>>> {
    const posts = (await this.system.sim.get('/_sim/posts')).data as Array<{
      id: string;
      platform: string;
      accountId: string;
      text: string;
      deletedAt?: string;
    }>;
    const code = `/t/${seq.toString(36)}.`;
    const byAccount = new Map<string, Array<{ id: string; deletedAt?: string; text: string }>>();
    for (const post of posts.filter((candidate) => candidate.text.includes(code))) {
      const key = `${post.platform}:${post.accountId}`;
      byAccount.set(key, [...(byAccount.get(key) ?? []), post]);
    }
    return byAccount;
  }

  /** The accounts with two posts or more and the accounts with none: both empty when every account got exactly one. */
  async doubledAndMissing(seq: number, accounts = this.rows): Promise<{ doubled: string[]; missing: string[] }> {
    const byAccount = await this.postsOf(seq);
    const doubled = [...byAccount.entries()].filter(([, posts]) => posts.length > 1).map(([key]) => key);
    const missing = accounts
      .filter((row) => !byAccount.has(`${row.platform}:${row.platformAccountId}`))
      .map((row) => `${row.platform}:${row.platformAccountId}`);
    return { doubled, missing };
  }

  /**
   * A fan-out through a fault: publish, let a fifth of it finish, inject the fault, recover (even
   * if the fault threw), and wait until every delivery has ended; what a user would check then.
   */
  async throughFault(title: string, fault: () => Promise<unknown>, recover: () => Promise<unknown> = async () => undefined) {
    const bulletin = await this.publish(title);
    await this.waitUntilShare(bulletin.id, 0.2);
    let shareAfterFault: number;
    try {
      await fault();
      shareAfterFault = await this.finishedShare(bulletin.id);
    } finally {
      await recover();
    }
    await this.waitUntilIdle(bulletin.id);
    return { bulletin, shareAfterFault, states: await this.statesOf(bulletin.id), posts: await this.doubledAndMissing(bulletin.seq) };
  }

  async statesOf(bulletinId: string): Promise<Record<string, number>> {
    const { rows: states } = await this.system.db.query(
      `SELECT state, count(*)::int AS count FROM delivery WHERE bulletin_id = $1 GROUP BY state`,
      [bulletinId],
    );
    return Object.fromEntries(states.map((row) => [row.state, row.count]));
  }
}
