import { randomBytes } from 'node:crypto';
import { ReportsPortsModule } from '@mb/reports';
import { TipError, TipErrorCode, TipsModule, TipsService } from '@mb/tips';
import { BulletinKind, BulletinStatus, TIP_STATUSES, TIP_TRANSITIONS, TipStatus } from '@mb/vocabulary';
import { ServiceTestBed } from '../support/medium';

describe('tip triage and outcome credit, by the rules (services on a real database)', () => {
  let bed: ServiceTestBed;
  let unitId: string;
  let bulletinId: string;
  let otherBulletinId: string;

  beforeAll(async () => {
    bed = await ServiceTestBed.start('triage', [TipsModule, ReportsPortsModule]);
    const db = bed.system.db;
    [{ id: unitId }] = (
      await db.query(
        `INSERT INTO unit (code, name, level, path, latitude, longitude) VALUES ('370000', '山东省', 'province', '/370000/', 36.67, 117.02) RETURNING id`,
      )
    ).rows;
    const bulletin = async (title: string) =>
      (
        await db.query(
          `INSERT INTO bulletin (kind, status, issuer_unit_id, priority, title, target, current_version) VALUES ($1, $2, $3, 'normal', $4, $5, 1) RETURNING id`,
          [BulletinKind.Wanted, BulletinStatus.Published, unitId, title, JSON.stringify({ unitIds: [unitId] })],
        )
      ).rows[0].id as string;
    bulletinId = await bulletin('悬赏通缉：甲');
    otherBulletinId = await bulletin('悬赏通缉：乙');
  });

  afterAll(async () => {
    await bed?.stop();
  });

  async function tip(status: TipStatus, onBulletin = bulletinId): Promise<string> {
    const [row] = (
      await bed.system.db.query(
        `INSERT INTO tip (reply_code, bulletin_id, source, text, anonymous, text_fingerprint, status, handling_unit_id, routed_unit_id, reply_due_at, received_at)
         VALUES ($1, $2, 'page', '我见过此人', true, $3, $4, $5, $5, now() + interval '1 hour', now()) RETURNING id`,
        [randomBytes(6).toString('hex'), onBulletin, randomBytes(8).toString('hex'), status, unitId],
      )
    ).rows;
    return row.id;
  }

  const statusOf = async (id: string) => (await bed.system.db.query(`SELECT status FROM tip WHERE id = $1`, [id])).rows[0].status;

  it.each(
    TIP_STATUSES.flatMap((from) => TIP_STATUSES.filter((to) => to !== TipStatus.New && to !== TipStatus.Assigned).map((to) => [from, to])),
  )('a %s tip asked to become %s follows the triage table', async (from, to) => {
    const id = await tip(from);
    const original = to === TipStatus.Duplicate ? await tip(TipStatus.New) : undefined;
    const decision = bed.get(TipsService).triage(id, { status: to as Exclude<TipStatus, 'new'>, duplicateOf: original });
    if (TIP_TRANSITIONS[from].includes(to)) {
      await expect(decision).resolves.toMatchObject({ status: to });
      expect(await statusOf(id)).toBe(to);
    } else {
      await expect(decision).rejects.toMatchObject({ code: TipErrorCode.InvalidTransition, field: 'status' });
      expect(await statusOf(id)).toBe(from);
    }
  });

  it('credits an outcome only to verified tips of its bulletin, auditing each, and changes nothing otherwise', async () => {
    const verified = [await tip(TipStatus.Verified), await tip(TipStatus.Verified)];
    const unverified = await tip(TipStatus.New);
    const elsewhere = await tip(TipStatus.Verified, otherBulletinId);
    const tips = bed.get(TipsService);

    const refused = tips.creditOutcome(bulletinId, [...verified, unverified]);
    await expect(refused).rejects.toBeInstanceOf(TipError);
    await expect(refused).rejects.toMatchObject({ code: TipErrorCode.InvalidTransition, field: 'contributingTipIds' });
    await expect(tips.creditOutcome(bulletinId, [...verified, elsewhere])).rejects.toMatchObject({ code: TipErrorCode.NotOfBulletin });
    expect(await Promise.all(verified.map(statusOf))).toEqual([TipStatus.Verified, TipStatus.Verified]);

    await tips.creditOutcome(bulletinId, verified);
    expect(await Promise.all(verified.map(statusOf))).toEqual([TipStatus.LedToOutcome, TipStatus.LedToOutcome]);
    const audited = (
      await bed.system.db.query(`SELECT entity_id FROM audit_event WHERE action = 'tip.led_to_outcome' AND entity_id = ANY ($1::text[])`, [
        verified,
      ])
    ).rows;
    expect(audited.map((row) => row.entity_id).sort()).toEqual([...verified].sort());
  });
});
