import { Injectable } from '@nestjs/common';
import { BULLETIN_KIND_REGISTRY } from '@mb/bulletins';
import { AppConfig } from '@mb/config';
import { type LinkedBulletin, TipsRepository } from './tips.repository';

/**
 * Who owes a tip its handling and reply, as the bulletin's kind says: the unit that issued it, or
 * the county where it happened, which without boundary data is the county whose seat is nearest
 * (within a radius), else the issuer.
 */
@Injectable()
export class TipRouting {
  constructor(
    private readonly tips: TipsRepository,
    private readonly config: AppConfig,
  ) {}

  async handlingUnitFor(bulletin: LinkedBulletin, location: { latitude: number; longitude: number } | null): Promise<string> {
    if (BULLETIN_KIND_REGISTRY[bulletin.kind].tipsGoTo !== 'place_of_tip' || !location) return bulletin.issuer_unit_id;
    return (await this.tips.nearestCounty(location.latitude, location.longitude, this.config.tipRoutingMaxKm)) ?? bulletin.issuer_unit_id;
  }
}
