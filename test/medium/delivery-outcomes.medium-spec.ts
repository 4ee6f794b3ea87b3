import { randomUUID } from 'node:crypto';
import { AccountCredentialsCipher } from '@mb/accounts';
import {
  DeliveriesRepository,
  DeliveryJobQueue,
  DeliveryService,
  DispatchModule,
  PlatformRateLimited,
  type QueuedDelivery,
  RetryLater,
} from '@mb/dispatch';
import { type PlatformAdapter, PlatformAdapters, PlatformError, PlatformErrorCode, type RenderedPost } from '@mb/platforms';
import { ReportsPortsModule } from '@mb/reports';
import { BulletinKind, BulletinStatus, DeliveryState, Platform } from '@mb/vocabulary';
import { ServiceTestBed } from '../support/medium';

type Script = () => Promise<{ postId: string; url?: string }>;

/** A platform whose next answer each test writes: no HTTP, only the rule under test. */
class ScriptedPlatform implements Partial<PlatformAdapter> {
  readonly platform = Platform.Weibo;
  next: Script = async () => ({ postId: randomUUID() });
  render = (): RenderedPost => ({ platform: Platform.Weibo, text: '通报', images: [], tipUrl: 'http://t/1', marker: 'm', warnings: [] });
  post = () => this.next();
}

/** Records what would go on the queue instead of queueing it. */
class RecordingQueue {
  readonly removals: QueuedDelivery[] = [];
  readonly deliveries: QueuedDelivery[] = [];
  async enqueue(deliveries: QueuedDelivery[]) {
    this.deliveries.push(...deliveries);
  }
  async enqueueRemovals(deliveries: QueuedDelivery[]) {
    this.removals.push(...deliveries);
  }
  async enqueueReconciles() {}
}

const failing =
  (code: PlatformErrorCode, retryAfterMs?: number): Script =>
  async () => {
    throw new PlatformError(code, `scripted ${code}`, retryAfterMs);
  };

describe('a delivery attempt, by the platform’s answer (services on a real database)', () => {
  let bed: ServiceTestBed;
  const platform = new ScriptedPlatform();
  const queue = new RecordingQueue();
  let bulletinId: string;
  let accountId: string;

  beforeAll(async () => {
    bed = await ServiceTestBed.start(
      'outcomes',
      [DispatchModule, ReportsPortsModule],
      [
        { token: PlatformAdapters, value: { for: () => platform } },
        { token: DeliveryJobQueue, value: queue },
      ],
    );
    const db = bed.system.db;
    const [unit] = (
      await db.query(
        `INSERT INTO unit (code, name, level, path, latitude, longitude) VALUES ('370000', '山东省', 'province', '/370000/', 36.67, 117.02) RETURNING id`,
      )
    ).rows;
    const sealed = bed.get(AccountCredentialsCipher).seal(Platform.Weibo, '5000000001', { accessToken: '2.00abcdef0123456789' });
    [{ id: accountId }] = (
      await db.query(
        `INSERT INTO account (unit_id, platform, platform_account_id, display_name, credentials_sealed) VALUES ($1, 'weibo', '5000000001', '龙口公安', $2) RETURNING id`,
        [unit.id, sealed],
      )
    ).rows;
    [{ id: bulletinId }] = (
      await db.query(
        `INSERT INTO bulletin (kind, status, issuer_unit_id, priority, title, target, current_version)
         VALUES ($1, $2, $3, 'normal', '悬赏通缉', $4, 1) RETURNING id`,
        [BulletinKind.Wanted, BulletinStatus.Published, unit.id, JSON.stringify({ unitIds: [unit.id] })],
      )
    ).rows;
    const content = {
      title: '悬赏通缉',
      body: '案情',
      images: [],
      wanted: { suspect: { name: '张某某', sex: 'male' }, offence: '故意伤害', contactLine: '110' },
    };
    await db.query(`INSERT INTO bulletin_version (bulletin_id, version, content) VALUES ($1, 1, $2)`, [
      bulletinId,
      JSON.stringify(content),
    ]);
  });

  afterAll(async () => {
    await bed?.stop();
  });

  /** A fresh delivery of the bulletin to the account (the previous test's row is ended first). */
  async function freshDelivery(state = DeliveryState.Pending, attempts = 0): Promise<string> {
    await bed.system.db.query(`DELETE FROM post_metrics`);
    await bed.system.db.query(`DELETE FROM delivery`);
    const [row] = (
      await bed.system.db.query(
        `INSERT INTO delivery (bulletin_id, version, account_id, platform, state, attempts) VALUES ($1, 1, $2, 'weibo', $3, $4) RETURNING id`,
        [bulletinId, accountId, state, attempts],
      )
    ).rows;
    return row.id;
  }

  async function row(id: string) {
    const [delivery] = (await bed.system.db.query(`SELECT * FROM delivery WHERE id = $1`, [id])).rows;
    return delivery;
  }

  it('records a post, starts measuring it and counts it in the bulletin’s reach, in one transaction', async () => {
    const id = await freshDelivery();
    platform.next = async () => ({ postId: '4900000000000001', url: 'https://weibo.com/1/1' });
    await expect(bed.get(DeliveryService).deliver(id)).resolves.toBe('published');
    expect(await row(id)).toMatchObject({ state: 'published', platform_post_id: '4900000000000001', attempts: 1, last_error_code: null });
    const metrics = (await bed.system.db.query(`SELECT delivery_id FROM post_metrics`)).rows;
    expect(metrics).toEqual([{ delivery_id: id }]);
    const [reach] = (await bed.system.db.query(`SELECT posts FROM bulletin_reach WHERE bulletin_id = $1`, [bulletinId])).rows;
    expect(reach.posts).toBeGreaterThanOrEqual(1);
  });

  it('waits and retries a transient failure, counting the attempt', async () => {
    const id = await freshDelivery();
    platform.next = failing(PlatformErrorCode.Transient);
    await expect(bed.get(DeliveryService).deliver(id)).rejects.toBeInstanceOf(RetryLater);
    const delivery = await row(id);
    expect(delivery).toMatchObject({ state: 'retry_wait', attempts: 1, last_error_code: 'TRANSIENT' });
    expect(new Date(delivery.next_attempt_at).getTime()).toBeGreaterThanOrEqual(new Date(delivery.updated_at).getTime());
  });

  it('gives up on a transient failure at the last attempt allowed, and says so', async () => {
    const id = await freshDelivery(DeliveryState.RetryWait, 7);
    platform.next = failing(PlatformErrorCode.Transient);
    await expect(bed.get(DeliveryService).deliver(id)).resolves.toBe('failed');
    const delivery = await row(id);
    expect(delivery).toMatchObject({ state: 'failed', attempts: 8, last_error_code: 'TRANSIENT' });
    expect(delivery.last_error_reason).toContain('gave up after 8 attempts');
  });

  it('makes a refusal a dead letter at once', async () => {
    const id = await freshDelivery();
    platform.next = failing(PlatformErrorCode.Rejected);
    await expect(bed.get(DeliveryService).deliver(id)).resolves.toBe('failed');
    expect(await row(id)).toMatchObject({ state: 'failed', attempts: 1, last_error_code: 'REJECTED' });
  });

  it('never posts again blindly when the answer was lost: the post may exist', async () => {
    const id = await freshDelivery();
    platform.next = failing(PlatformErrorCode.UnknownOutcome);
    await expect(bed.get(DeliveryService).deliver(id)).resolves.toBe('unconfirmed');
    expect(await row(id)).toMatchObject({ state: 'unconfirmed', last_error_code: 'UNKNOWN_OUTCOME' });
    await expect(bed.get(DeliveryService).deliver(id)).resolves.toBe('skipped');
  });

  it('does not count a platform rate limit as an attempt, and pauses for its Retry-After', async () => {
    const id = await freshDelivery();
    platform.next = failing(PlatformErrorCode.RateLimited, 30_000);
    const attempt = bed.get(DeliveryService).deliver(id);
    await expect(attempt).rejects.toBeInstanceOf(PlatformRateLimited);
    await expect(attempt).rejects.toMatchObject({ waitMs: 30_000 });
    expect(await row(id)).toMatchObject({ state: 'retry_wait', attempts: 0, last_error_code: 'RATE_LIMITED' });
  });

  it('opens the account’s breaker after five account failures in a row, and holds the next delivery without calling the platform', async () => {
    await bed.system.db.query(
      `UPDATE account SET consecutive_failures = 0, breaker_state = 'closed', breaker_opened_at = NULL WHERE id = $1`,
      [accountId],
    );
    platform.next = failing(PlatformErrorCode.Transient);
    for (let failure = 0; failure < 5; failure += 1) {
      const id = await freshDelivery();
      await expect(bed.get(DeliveryService).deliver(id)).rejects.toBeInstanceOf(RetryLater);
    }
    const [account] = (await bed.system.db.query(`SELECT breaker_state, consecutive_failures FROM account WHERE id = $1`, [accountId]))
      .rows;
    expect(account).toEqual({ breaker_state: 'open', consecutive_failures: 5 });
    let called = false;
    platform.next = async () => {
      called = true;
      return { postId: 'never' };
    };
    const held = await freshDelivery();
    await expect(bed.get(DeliveryService).deliver(held)).rejects.toBeInstanceOf(RetryLater);
    expect(called).toBe(false);
    expect(await row(held)).toMatchObject({ state: 'retry_wait', attempts: 0, last_error_code: 'BREAKER_OPEN' });
    await bed.system.db.query(
      `UPDATE account SET consecutive_failures = 0, breaker_state = 'closed', breaker_opened_at = NULL WHERE id = $1`,
      [accountId],
    );
  });

  it('takes down at once a post recorded after its bulletin was withdrawn', async () => {
    const id = await freshDelivery();
    platform.next = async () => {
      await bed.system.db.query(`UPDATE bulletin SET status = 'withdrawn' WHERE id = $1`, [bulletinId]);
      return { postId: '4900000000000009' };
    };
    try {
      await expect(bed.get(DeliveryService).deliver(id)).resolves.toBe('published');
      expect(await row(id)).toMatchObject({ state: 'removing', platform_post_id: '4900000000000009' });
      expect(queue.removals.map((removal) => removal.id)).toContain(id);
    } finally {
      await bed.system.db.query(`UPDATE bulletin SET status = 'published' WHERE id = $1`, [bulletinId]);
    }
  });

  it('refuses a state change the transition table does not allow, and writes nothing', async () => {
    const id = await freshDelivery(DeliveryState.Published);
    await expect(
      bed.get(DeliveriesRepository).recordFailure(id, DeliveryState.Published, DeliveryState.Publishing, 'X', 'x', null, new Date()),
    ).rejects.toThrow('delivery transition not in the table: published → publishing');
    expect((await row(id)).state).toBe('published');
  });
});
