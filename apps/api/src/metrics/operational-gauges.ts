import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock, readAtScrape } from '@mb/common';
import { DeliveryReadsRepository } from '@mb/dispatch';
import { PlatformQueues } from '@mb/queue';
import { TipsRepository } from '@mb/tips';
import { PLATFORMS } from '@mb/vocabulary';

/** The figures read from the database and the queues when Prometheus scrapes the api. */
@Injectable()
export class OperationalGauges implements OnModuleInit {
  constructor(
    private readonly deliveries: DeliveryReadsRepository,
    private readonly tips: TipsRepository,
    private readonly queues: PlatformQueues,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    readAtScrape('mb_deliveries', 'Deliveries by platform and state, as the database holds them', ['platform', 'state'], async () =>
      (await this.deliveries.countsByPlatformAndState()).map((row) => ({
        labels: { platform: row.platform, state: row.state },
        value: row.count,
      })),
    );
    readAtScrape(
      'mb_tip_replies_awaited',
      'Tips waiting for their reply: due (within the deadline) and overdue',
      ['deadline'],
      async () => {
        const backlog = await this.tips.replyBacklog(this.clock.now());
        return [
          { labels: { deadline: 'due' }, value: backlog.due },
          { labels: { deadline: 'overdue' }, value: backlog.overdue },
        ];
      },
    );
    const depths = () => Promise.all(PLATFORMS.map(async (platform) => ({ platform, ...(await this.queues.depth(platform, Date.now())) })));
    let latest: ReturnType<typeof depths> | null = null;
    // Both queue gauges come from one reading of the queues.
    const reading = () => (latest ??= depths().finally(() => setTimeout(() => (latest = null), 1_000)));
    readAtScrape(
      'mb_queue_jobs',
      'Jobs on each platform queue by state (waiting, prioritized, delayed, active, failed)',
      ['platform', 'state'],
      async () =>
        (await reading()).flatMap(({ platform, counts }) =>
          Object.entries(counts).map(([state, value]) => ({ labels: { platform, state }, value })),
        ),
    );
    readAtScrape(
      'mb_queue_oldest_waiting_seconds',
      'How long the oldest waiting job of each platform queue has waited',
      ['platform'],
      async () => (await reading()).map(({ platform, oldestWaitingSeconds }) => ({ labels: { platform }, value: oldestWaitingSeconds })),
    );
  }
}
