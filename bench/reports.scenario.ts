import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { approvedBulletin, wantedBulletin } from '../test/support/factories';
import { TestSystem, USER_PASSWORD } from '../test/support/system';

export interface ReportsFigures {
  accounts: number;
  bulletins: number;
  deliveries: number;
  snapshots: number;
  tips: number;
  generateSeconds: number;
  calls: number;
  endpoints: Record<string, { p50Ms: number; p95Ms: number }>;
  slowestP95Ms: number;
}

const KINDS = ['wanted', 'missing_person', 'report'];
const HOUR = 3_600_000;

/** Streams rows into a table with COPY (text format), a chunk of lines at a time. */
async function copyRows(client: Client, table: string, columns: string[], rows: () => Generator<string[]>, bar: SingleBar): Promise<void> {
  function* chunks(): Generator<string> {
    let lines: string[] = [];
    for (const row of rows()) {
      lines.push(row.join('\t'));
      if (lines.length === 5000) {
        bar.increment(lines.length);
        yield `${lines.join('\n')}\n`;
        lines = [];
      }
    }
    if (lines.length > 0) {
      bar.increment(lines.length);
      yield `${lines.join('\n')}\n`;
    }
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

const percentile = (sorted: number[], share: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] * 10) / 10;

/**
 * A matrix's worth of history — deliveries, counter readings, tips, outcomes — generated with COPY,
 * the pre-aggregates built from it the way readings build them, then every report endpoint timed.
 */
export async function reportsAtScale(
  accountsWanted: number,
  bulletinCount: number,
  snapshotsPerPost: number,
  tipCount: number,
): Promise<ReportsFigures> {
  const system = await TestSystem.start('bench_reports', { queueBackend: 'postgres', apps: ['api'], env: { MB_LOG_LEVEL: 'warn' } });
  // Bulk loading with triggers off is a superuser's job, never the app role's.
  const client = new Client({ connectionString: system.adminDatabaseUrl });
  await client.connect();
  try {
    const started = Date.now();
    system.runCli('seed-demo', '--accounts', String(accountsWanted), '--users-password', USER_PASSWORD);
    const accounts = (await client.query(`SELECT id, platform::text AS platform, unit_id FROM account ORDER BY seq`)).rows as Array<{
      id: string;
      platform: string;
      unit_id: string;
    }>;
    const issuers = (await client.query(`SELECT id FROM unit WHERE level IN ('city', 'county') ORDER BY code`)).rows.map(
      (row) => row.id as string,
    );

    // One real bulletin through the API, cloned into the history: published over the last 180 days.
    const { id: template } = await approvedBulletin(system, wantedBulletin(issuers[0], [issuers[0]]));
    const now = Date.now();
    const bulletins = Array.from({ length: bulletinCount }, (_, index) => ({
      id: randomUUID(),
      kind: KINDS[index % KINDS.length],
      issuer: issuers[(index * 7) % issuers.length],
      publishedAt: new Date(now - ((index + 1) * 180 * 24 * HOUR) / bulletinCount),
    }));
    for (const bulletin of bulletins) {
      await client.query(
        `INSERT INTO bulletin (id, kind, status, issuer_unit_id, priority, title, target, current_version, published_at, created_by, approved_by, on_expiry)
         SELECT $1, $2::bulletin_kind, 'published', $3, priority, title, target, 1, $4, created_by, approved_by, on_expiry FROM bulletin WHERE id = $5`,
        [bulletin.id, bulletin.kind, bulletin.issuer, bulletin.publishedAt, template],
      );
      await client.query(
        `INSERT INTO bulletin_version (bulletin_id, version, content, created_by) SELECT $1, 1, content, created_by FROM bulletin_version WHERE bulletin_id = $2`,
        [bulletin.id, template],
      );
    }

    const deliveries = bulletins.length * accounts.length;
    const snapshots = deliveries * snapshotsPerPost;
    const bar = new SingleBar({
      format: '  reports data (COPY)    [{bar}] {value}/{total} rows',
      hideCursor: true,
      stream: process.stderr,
    });
    bar.start(deliveries + snapshots + tipCount, 0);
    const deliveryId = (b: number, a: number) =>
      `${(b + 1).toString(16).padStart(8, '0')}-0000-4000-8000-${(a + 1).toString(16).padStart(12, '0')}`;
    await client.query(`ALTER TABLE delivery DISABLE TRIGGER ALL`);
    await copyRows(
      client,
      'delivery',
      [
        'id',
        'bulletin_id',
        'version',
        'account_id',
        'platform',
        'state',
        'attempts',
        'platform_post_id',
        'posted_at',
        'created_at',
        'updated_at',
      ],
      function* () {
        for (const [b, bulletin] of bulletins.entries()) {
          const posted = new Date(bulletin.publishedAt.getTime() + 60_000).toISOString();
          for (const [a, account] of accounts.entries())
            yield [
              deliveryId(b, a),
              bulletin.id,
              '1',
              account.id,
              account.platform,
              'published',
              '1',
              `p${b}-${a}`,
              posted,
              posted,
              posted,
            ];
        }
      },
      bar,
    );
    await client.query(`ALTER TABLE delivery ENABLE TRIGGER ALL`);
    // Every month of the history gets its partition, as the worker's upkeep would have made them month by month.
    await client.query(`SELECT keep_reading_months(now(), 2, 0, $1)`, [bulletins.at(-1)?.publishedAt ?? new Date(now)]);
    await copyRows(
      client,
      'post_snapshot',
      ['delivery_id', 'bulletin_id', 'taken_at', 'reads', 'shares', 'likes', 'comments'],
      function* () {
        for (const [b, bulletin] of bulletins.entries()) {
          for (let a = 0; a < accounts.length; a += 1) {
            const reach = 50 + ((a * 7919 + b * 104729) % 5000);
            for (let s = 1; s <= snapshotsPerPost; s += 1) {
              const reads = Math.floor(reach * (1 - Math.exp(-s / 3)));
              yield [
                deliveryId(b, a),
                bulletin.id,
                new Date(bulletin.publishedAt.getTime() + s * HOUR).toISOString(),
                String(reads),
                String(reads >> 6),
                String(reads >> 4),
                '0',
              ];
            }
          }
        }
      },
      bar,
    );
    const statuses = ['new', 'triaged', 'assigned', 'verified', 'rejected', 'led_to_outcome'];
    await copyRows(
      client,
      'tip',
      [
        'id',
        'reply_code',
        'bulletin_id',
        'account_id',
        'platform',
        'source_unit_id',
        'source',
        'text',
        'anonymous',
        'text_fingerprint',
        'status',
        'handling_unit_id',
        'routed_unit_id',
        'reply_due_at',
        'received_at',
        'replied_at',
        'escalations',
      ],
      function* () {
        for (let t = 0; t < tipCount; t += 1) {
          const bulletin = bulletins[t % bulletins.length];
          const account = accounts[(t * 31) % accounts.length];
          const received = new Date(bulletin.publishedAt.getTime() + (1 + (t % 48)) * HOUR);
          yield [
            randomUUID(),
            `B${t.toString(36).toUpperCase().padStart(9, '0')}`,
            bulletin.id,
            account.id,
            account.platform,
            account.unit_id,
            'page',
            `压测线索${t}`,
            't',
            `fp${t}`,
            statuses[t % statuses.length],
            bulletin.issuer,
            bulletin.issuer,
            new Date(received.getTime() + 24 * HOUR).toISOString(),
            received.toISOString(),
            t % 3 === 0 ? '\\N' : new Date(received.getTime() + 2 * HOUR).toISOString(),
            t % 3 === 0 ? '1' : '0',
          ];
        }
      },
      bar,
    );
    bar.stop();

    // The pre-aggregates, as the readings would have built them.
    await client.query(
      `INSERT INTO tip_assignment (tip_id, bulletin_id, unit_id, assigned_at, due_at, closed_at, outcome)
       SELECT id, bulletin_id, handling_unit_id, received_at, reply_due_at, replied_at, CASE WHEN replied_at IS NULL THEN 'escalated' ELSE 'replied' END FROM tip`,
    );
    await client.query(
      `INSERT INTO post_metrics (delivery_id, bulletin_id, account_id, unit_id, platform, posted_at, next_poll_at, polls, reads, shares, likes, comments, last_polled_at)
       SELECT d.id, d.bulletin_id, d.account_id, a.unit_id, d.platform, d.posted_at, NULL, $1, s.reads, s.shares, s.likes, s.comments, s.taken_at
       FROM delivery d JOIN account a ON a.id = d.account_id
       JOIN LATERAL (SELECT * FROM post_snapshot ps WHERE ps.delivery_id = d.id ORDER BY taken_at DESC LIMIT 1) s ON true`,
      [snapshotsPerPost],
    );
    await client.query(
      `INSERT INTO bulletin_reach (bulletin_id, unit_id, platform, posts, reads, shares) SELECT bulletin_id, unit_id, platform, count(*), sum(reads), sum(shares) FROM post_metrics GROUP BY 1, 2, 3`,
    );
    await client.query(
      `INSERT INTO bulletin_reads_hourly (bulletin_id, hour, reads_gained)
       SELECT bulletin_id, date_trunc('hour', taken_at), sum(gain) FROM (
         SELECT bulletin_id, taken_at, reads - coalesce(lag(reads) OVER (PARTITION BY delivery_id ORDER BY taken_at), 0) AS gain FROM post_snapshot
       ) gains GROUP BY 1, 2`,
    );
    for (const bulletin of bulletins.filter((_, index) => index % 3 === 0)) {
      const {
        rows: [tip],
      } = await client.query(`SELECT id FROM tip WHERE bulletin_id = $1 LIMIT 1`, [bulletin.id]);
      await client.query(
        `INSERT INTO bulletin_outcome (bulletin_id, outcome, occurred_at, decisive_tip_id, recorded_at) VALUES ($1, 'arrested', $2, $3, now())`,
        [bulletin.id, new Date(bulletin.publishedAt.getTime() + 72 * HOUR), tip?.id ?? null],
      );
      if (tip) await client.query(`INSERT INTO outcome_tip (bulletin_id, tip_id) VALUES ($1, $2)`, [bulletin.id, tip.id]);
      await client.query(`UPDATE bulletin SET status = 'resolved' WHERE id = $1`, [bulletin.id]);
    }
    // As autovacuum leaves tables that took rows over months: statistics and the visibility map up to date.
    await client.query('VACUUM ANALYZE');
    const generateSeconds = Math.round((Date.now() - started) / 100) / 10;

    const analyst = await system.signedIn('analyst', USER_PASSWORD);
    const yantai = (await client.query(`SELECT id FROM unit WHERE code = '370600'`)).rows[0].id;
    const calls: Record<string, { path: string; params?: Record<string, string> }> = {
      totals: { path: '/reports/totals' },
      totals_filtered: {
        path: '/reports/totals',
        params: { kind: 'wanted', cityId: yantai, from: new Date(now - 90 * 24 * HOUR).toISOString() },
      },
      bulletins: { path: '/reports/bulletins' },
      bulletin: { path: `/reports/bulletins/${bulletins[0].id}` },
      units: { path: '/reports/units' },
      units_city: { path: '/reports/units', params: { cityId: yantai } },
      platforms: { path: '/reports/platforms' },
      kinds: { path: '/reports/kinds', params: { period: 'month' } },
      map: { path: '/reports/map' },
      units_csv: { path: '/reports/units', params: { format: 'csv' } },
    };
    const endpoints: ReportsFigures['endpoints'] = {};
    const timing = new SingleBar({
      format: '  reports endpoints      [{bar}] {value}/{total} calls',
      hideCursor: true,
      stream: process.stderr,
    });
    timing.start(Object.keys(calls).length * 21, 0);
    for (const [name, call] of Object.entries(calls)) {
      await analyst.get(call.path, { params: call.params }); // warm-up, not counted
      const times: number[] = [];
      for (let index = 0; index < 20; index += 1) {
        const at = performance.now();
        const answer = await analyst.get(call.path, { params: call.params });
        times.push(performance.now() - at);
        if (answer.status !== 200) throw new Error(`${name} answered ${answer.status}`);
        timing.increment();
      }
      timing.increment();
      times.sort((a, b) => a - b);
      endpoints[name] = { p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95) };
    }
    timing.stop();
    return {
      accounts: accounts.length,
      bulletins: bulletins.length,
      deliveries,
      snapshots,
      tips: tipCount,
      generateSeconds,
      calls: 20,
      endpoints,
      slowestP95Ms: Math.max(...Object.values(endpoints).map((figures) => figures.p95Ms)),
    };
  } finally {
    await client.end();
    await system.stop();
  }
}
