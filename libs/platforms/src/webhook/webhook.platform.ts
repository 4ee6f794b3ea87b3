import { randomBytes } from 'node:crypto';
import { IsString, IsUrl, Length } from 'class-validator';
import { Platform, PostingLane } from '@mb/vocabulary';
import type { PlatformDescriptor } from '../platform-descriptor';
import { WebhookAdapter } from './webhook.adapter';

export class WebhookCredentials {
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  url: string;

  @IsString()
  @Length(16, 256)
  secret: string;
}

export const WEBHOOK: PlatformDescriptor = {
  platform: Platform.Webhook,
  callsPerPost: 1,
  // Each site has its own URL (in its credentials); the simulator's sites live here.
  simulatorPath: '/webhook',
  updateMode: 'edit',
  refreshesTokens: false,
  lanes: [{ lane: PostingLane.Publish, pushesToFollowers: false, quotas: [] }],
  credentials: WebhookCredentials,
  createAdapter: ({ timeoutMs, guard }) => new WebhookAdapter(timeoutMs, guard),
  sampleAccount: (index, simulatorUrl) => {
    const secret = `whsec${randomBytes(20).toString('hex')}`;
    const platformAccountId = `site-${index}`;
    return {
      platformAccountId,
      credentials: { url: `${simulatorUrl}/webhook/sites/${platformAccountId}/bulletins`, secret },
      simCredentials: { secret },
    };
  },
};
