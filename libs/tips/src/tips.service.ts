import { Injectable } from '@nestjs/common';
import { type TipContactView, type TipDetail, type TipView, type UnitReplyStats } from './tip.views';
import { AuditService } from '@mb/audit';
import { Clock, confinedUnitPath, currentActorId, RequestContext } from '@mb/common';
import { Transactions } from '@mb/database';
import { canTipTransition, TipStatus } from '@mb/vocabulary';
import { ListTipsQuery, ReplyTipDto, TipRewardDto, TriageTipDto } from './tip.dto';
import { toTipView } from './tip-view';
import { TipSecrets } from './tip-secrets';
import { TipError, TipErrorCode } from './tips.error';
import { visibleTip } from './visible-tip';
import { type TipRow, TipsRepository } from './tips.repository';

/** Whether the signed-in user is an operator of the unit handling this tip: only they see who sent it and from where. */
function handlesIt(row: Pick<TipRow, 'handling_unit_id'>): boolean {
  const actor = RequestContext.current().actor;
  return actor?.role === 'unit_operator' && actor.unitId === row.handling_unit_id;
}

/** What staff do with tips: read them in their scope, triage, hand over, reply, reward. */
@Injectable()
export class TipsService {
  constructor(
    private readonly tips: TipsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly secrets: TipSecrets,
  ) {}

  async list(query: ListTipsQuery) {
    const { items, total } = await this.tips.list(query, confinedUnitPath(), this.clock.now());
    return { items: items.map((row) => ({ ...toTipView(row, handlesIt(row)), overdue: Boolean(row.overdue) })), total };
  }

  async get(id: string): Promise<TipDetail> {
    const row = await visibleTip(this.tips, id);
    const photos = await this.tips.photoIds(id);
    return {
      ...toTipView(row, handlesIt(row)),
      photos: photos.map((photo) => ({ id: photo.id, contentType: photo.content_type, sizeBytes: photo.size_bytes })),
    };
  }

  async photo(id: string, photoId: string): Promise<{ contentType: string; bytes: Buffer }> {
    await visibleTip(this.tips, id);
    const photo = await this.tips.photo(id, photoId);
    if (!photo) throw new TipError(TipErrorCode.NotFound, `no photo ${photoId} on this tip`, 'photoId');
    return { contentType: photo.content_type, bytes: photo.bytes };
  }

  /** The tipster's name and contact: only for the handling unit's own operators, and every look is audited. */
  async contact(id: string): Promise<TipContactView> {
    return this.transactions.run(async () => {
      const row = await visibleTip(this.tips, id);
      if (!handlesIt(row)) {
        throw new TipError(TipErrorCode.NotHandlingUnit, "only the handling unit's operators may see a tipster's contact", 'id');
      }
      await this.audit.record({
        action: 'tip.contact_viewed',
        entityType: 'tip',
        entityId: id,
        after: { handlingUnitId: row.handling_unit_id, hadContact: row.contact_sealed !== null },
      });
      return {
        name: row.name_sealed ? this.secrets.openName(id, row.name_sealed) : null,
        contact: row.contact_sealed ? this.secrets.openContact(id, row.contact_sealed) : null,
      };
    });
  }

  async triage(id: string, decision: TriageTipDto): Promise<TipView> {
    return this.transactions.run(async () => {
      const row = await visibleTip(this.tips, id, true);
      if (!canTipTransition(row.status, decision.status)) {
        throw new TipError(TipErrorCode.InvalidTransition, `a ${row.status} tip cannot become ${decision.status}`, 'status');
      }
      const before = toTipView(row);
      if (decision.status === 'assigned') await this.handOver(row, decision.unitId);
      if (decision.status === 'duplicate') await this.checkOriginal(row, decision.duplicateOf);
      await this.tips.setStatus(id, decision.status, {
        duplicateOf: decision.status === 'duplicate' ? decision.duplicateOf : decision.status === 'triaged' ? null : undefined,
        note: decision.note ?? null,
      });
      const after = toTipView((await this.tips.findById(id, null)) as TipRow);
      await this.audit.record({ action: `tip.${decision.status}`, entityType: 'tip', entityId: id, before, after });
      return after;
    });
  }

  /**
   * An outcome credits the tips that led to it, inside the outcome's transaction: each must be a
   * tip on this bulletin that triage allows to have led to an outcome (a verified one, or one an
   * earlier person's outcome of the same notice already credited), and each change is audited
   * like any other triage decision.
   */
  async creditOutcome(bulletinId: string, tipIds: string[]): Promise<void> {
    await this.transactions.run(async () => {
      const rows = await this.creditable(bulletinId, tipIds, true);
      for (const row of rows.filter((each) => each.status !== TipStatus.LedToOutcome)) {
        await this.tips.setStatus(row.id, TipStatus.LedToOutcome, {});
        const after = toTipView((await this.tips.findById(row.id, null)) as TipRow);
        await this.audit.record({
          action: `tip.${TipStatus.LedToOutcome}`,
          entityType: 'tip',
          entityId: row.id,
          before: toTipView(row),
          after,
        });
      }
    });
  }

  /** Refuses, before anything is written, tips that could not be credited with an outcome of this bulletin. */
  async assertCreditable(bulletinId: string, tipIds: string[]): Promise<void> {
    await this.creditable(bulletinId, tipIds, false);
  }

  private async creditable(bulletinId: string, tipIds: string[], lock: boolean): Promise<TipRow[]> {
    const rows = await this.tips.ofBulletin(bulletinId, tipIds, lock);
    if (rows.length !== tipIds.length) {
      throw new TipError(TipErrorCode.NotOfBulletin, 'every contributing tip must be a tip on this bulletin', 'contributingTipIds');
    }
    const refused = rows.filter((row) => row.status !== TipStatus.LedToOutcome && !canTipTransition(row.status, TipStatus.LedToOutcome));
    if (refused.length > 0) {
      const which = refused.map((row) => `${row.id} is ${row.status}`).join(', ');
      throw new TipError(TipErrorCode.InvalidTransition, `only verified tips can have led to an outcome (${which})`, 'contributingTipIds');
    }
    return rows;
  }

  /** Every tip gets a reply: through the platform it came from (sent by the worker), or on the tip page. */
  async reply(id: string, input: ReplyTipDto): Promise<TipView> {
    return this.transactions.run(async () => {
      const row = await visibleTip(this.tips, id, true);
      const before = toTipView(row);
      const now = this.clock.now();
      await this.tips.recordReply(id, input.text, now, currentActorId(), row.source === 'platform' ? 'pending' : 'page');
      if (!row.replied_at) await this.tips.closeAssignment(id, 'replied', now);
      const after = toTipView((await this.tips.findById(id, null)) as TipRow);
      await this.audit.record({ action: 'tip.replied', entityType: 'tip', entityId: id, before, after });
      return after;
    });
  }

  async reward(id: string, input: TipRewardDto): Promise<TipView> {
    if (!input.eligible && input.status !== 'none' && input.status !== 'declined') {
      throw new TipError(TipErrorCode.InvalidTransition, 'only an eligible tip can have a reward approved or paid', 'status');
    }
    if (input.status === 'paid' && input.amount === undefined) {
      throw new TipError(TipErrorCode.InvalidTransition, 'a paid reward needs its amount', 'amount');
    }
    return this.transactions.run(async () => {
      const row = await visibleTip(this.tips, id, true);
      const before = toTipView(row);
      await this.tips.setReward(id, input.eligible, input.amount ?? null, input.status);
      const after = toTipView((await this.tips.findById(id, null)) as TipRow);
      await this.audit.record({
        action: 'tip.reward_changed',
        entityType: 'tip',
        entityId: id,
        before: before.reward,
        after: after.reward,
      });
      return after;
    });
  }

  replyStats(unitId: string | undefined): Promise<UnitReplyStats[]> {
    return this.scopeRoot(unitId).then((root) => this.tips.replyStats(root));
  }

  /** The rows of the tips export: the same scope and filters as the list, and never a name or contact. */
  async exportRows(query: ListTipsQuery): Promise<TipView[]> {
    const { items } = await this.tips.list({ ...query, limit: 100_000, offset: 0 }, confinedUnitPath(), this.clock.now());
    return items.map((row) => toTipView(row));
  }

  private async scopeRoot(unitId: string | undefined): Promise<string | null> {
    const confined = confinedUnitPath();
    if (!unitId) return confined;
    const unit = await this.tips.unitPath(unitId);
    if (!unit || (confined && !unit.path.startsWith(confined)))
      throw new TipError(TipErrorCode.UnitNotFound, 'no such unit in your scope', 'unitId');
    return unit.path;
  }

  private async handOver(row: TipRow, unitId: string | undefined): Promise<void> {
    if (!unitId) throw new TipError(TipErrorCode.UnitNotFound, 'assigning a tip needs the unit that takes it', 'unitId');
    const handler = await this.tips.unitPath(row.handling_unit_id);
    const target = await this.tips.unitPath(unitId);
    if (!handler || !target || !target.path.startsWith(handler.path)) {
      throw new TipError(TipErrorCode.UnitNotFound, 'a tip can be handed only to the handling unit or a unit below it', 'unitId');
    }
    if (target.id === row.handling_unit_id) return;
    if (row.replied_at) return this.tips.handOver(row.id, target.id, row.reply_due_at);
    const now = this.clock.now();
    const dueAt = row.reply_due_at;
    await this.tips.closeAssignment(row.id, 'reassigned', now);
    await this.tips.openAssignment(row.id, target.id, now, dueAt);
    await this.tips.handOver(row.id, target.id, dueAt);
  }

  private async checkOriginal(row: TipRow, duplicateOf: string | undefined): Promise<void> {
    const original = duplicateOf ? await this.tips.findById(duplicateOf, null) : null;
    if (!original || original.bulletin_id !== row.bulletin_id || original.id === row.id) {
      throw new TipError(TipErrorCode.NotFound, 'a duplicate needs an earlier tip on the same bulletin', 'duplicateOf');
    }
  }
}
