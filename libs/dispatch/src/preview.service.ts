import { Injectable } from '@nestjs/common';
import { BulletinsService } from '@mb/bulletins';
import { Platform, PLATFORMS } from '@mb/vocabulary';
import { PlatformAdapters } from '@mb/platforms';
import { RenderableBulletins } from './renderable-bulletins';
import { TipLinks } from './tip-links';
import { type PlatformPreview } from './dispatch.views';

/** Shows an editor what each platform will carry, with what its limits cut, before anything is posted. */
@Injectable()
export class PreviewService {
  constructor(
    private readonly bulletins: BulletinsService,
    private readonly renderable: RenderableBulletins,
    private readonly adapters: PlatformAdapters,
    private readonly tipLinks: TipLinks,
  ) {}

  async preview(bulletinId: string, platform?: Platform): Promise<PlatformPreview[]> {
    const bulletin = await this.bulletins.get(bulletinId);
    // Account number 0 stands for "any account": each real post carries its own account's code.
    const renderable = await this.renderable.load(bulletin.id, bulletin.currentVersion, this.tipLinks.links(bulletin.seq, 0));
    return (platform ? [platform] : PLATFORMS).map((target) => {
      const { document: _document, marker: _marker, ...shown } = this.adapters.for(target).render(renderable);
      return { ...shown, characters: [...shown.text].length };
    });
  }
}
