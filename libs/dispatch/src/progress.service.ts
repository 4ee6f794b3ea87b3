import { Injectable } from '@nestjs/common';
import { BulletinError, BulletinErrorCode, BulletinsRepository } from '@mb/bulletins';
import { DeliveryReadsRepository } from './delivery-reads.repository';
import { type ProgressRow } from './delivery-sql';
import { FINISHED_STATES } from '@mb/vocabulary';
import { type FanOutProgress, type StateCounts } from './dispatch.views';

function emptyCounts(): StateCounts {
  return { total: 0, finished: 0, byState: {} };
}

function add(counts: StateCounts, row: ProgressRow): void {
  counts.total += row.count;
  counts.byState[row.state] = (counts.byState[row.state] ?? 0) + row.count;
  if (FINISHED_STATES.includes(row.state)) counts.finished += row.count;
}

@Injectable()
export class ProgressService {
  constructor(
    private readonly reads: DeliveryReadsRepository,
    private readonly bulletins: BulletinsRepository,
  ) {}

  /** Counts per delivery state and platform, from the database, so every api process tells the same. */
  async progress(bulletinId: string): Promise<FanOutProgress> {
    const bulletin = await this.bulletins.findById(bulletinId);
    if (!bulletin) throw new BulletinError(BulletinErrorCode.NotFound, `bulletin ${bulletinId} does not exist`, 'id');
    const overall = emptyCounts();
    const byPlatform: Record<string, StateCounts> = {};
    const rows = await this.reads.progress(bulletinId);
    let firstPostedAt: Date | null = null;
    let lastPostedAt: Date | null = null;
    for (const row of rows) {
      add(overall, row);
      add((byPlatform[row.platform] ??= emptyCounts()), row);
      if (row.firstPostedAt && (!firstPostedAt || row.firstPostedAt < firstPostedAt)) firstPostedAt = row.firstPostedAt;
      if (row.lastPostedAt && (!lastPostedAt || row.lastPostedAt > lastPostedAt)) lastPostedAt = row.lastPostedAt;
    }
    // Only a bulletin with rings has any; the one-ring fan-out skips the query.
    const rings = bulletin.target.rings ? await this.reads.rings(bulletinId) : [];
    const percentDone = overall.total === 0 ? 0 : Math.floor((overall.finished / overall.total) * 1000) / 10;
    return { bulletinId, status: bulletin.status, percentDone, ...overall, byPlatform, firstPostedAt, lastPostedAt, rings };
  }
}
