import { Injectable } from '@nestjs/common';
import { AppConfig } from '@mb/config';
import { LinkedBulletin, TipsRepository } from './tips.repository';

/**
 * Who owes a tip its handling and reply. Wanted and missing-person cases belong to the unit that
 * issued them; a report belongs to the county where it happened, which without boundary data is
 * the county whose seat is nearest (within a radius), else the issuer.
 */
@Injectable()
export class TipRouting {
  constructor(
    private readonly tips: TipsRepository,
    private readonly config: AppConfig,
  ) {}

  async handlingUnitFor(bulletin: LinkedBulletin, location: { latitude: number; longitude: number } | null): Promise<string> {
    if (bulletin.kind !== 'report' || !location) return bulletin.issuer_unit_id;
    return (await this.tips.nearestCounty(location.latitude, location.longitude, this.config.tipRoutingMaxKm)) ?? bulletin.issuer_unit_id;
  }
}
