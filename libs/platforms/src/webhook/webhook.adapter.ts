import { randomUUID } from 'node:crypto';
import { AxiosInstance } from 'axios';
import { platformHttpClient, retryAfterMs, transportFailure } from '../http/platform-http';
import { AccountSession, PlatformAdapter, PublishContext, PublishedPost, RenderedPost } from '../platform-adapter';
import { Platform } from '../platform';
import { PlatformError, PlatformErrorCode } from '../platform.error';
import { KIND_TAG, publishedBody, publishedSummary } from '../rendering/bulletin-summary';
import { maskIdNumber } from '../rendering/id-number-mask';
import { RenderableBulletin } from '../rendering/renderable-bulletin';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature';

/**
 * A unit's own website or CMS: the whole bulletin as signed JSON. The delivery key header lets
 * the receiver answer a repeated request with the post it already made.
 */
export class WebhookAdapter implements PlatformAdapter {
  readonly platform = Platform.Webhook;
  private readonly http: AxiosInstance;

  constructor(timeoutMs: number) {
    this.http = platformHttpClient(undefined, timeoutMs);
  }

  render(bulletin: RenderableBulletin): RenderedPost {
    const details = structuredClone(bulletin.details);
    if (details.suspect?.idNumber) details.suspect.idNumber = maskIdNumber(details.suspect.idNumber);
    const text = `${publishedSummary(bulletin)}\n${publishedBody(bulletin)}\n提供线索：${bulletin.tipUrl}`;
    return {
      platform: this.platform,
      title: bulletin.title,
      text,
      images: bulletin.images,
      tipUrl: bulletin.tipUrl,
      document: {
        bulletinId: bulletin.bulletinId,
        version: bulletin.version,
        kind: bulletin.kind,
        tag: KIND_TAG[bulletin.kind],
        priority: bulletin.priority,
        title: bulletin.title,
        text,
        images: bulletin.images,
        issuer: bulletin.issuerName,
        details,
        tipUrl: bulletin.tipUrl,
      },
      warnings: [],
    };
  }

  async post(account: AccountSession, post: RenderedPost, context: PublishContext): Promise<PublishedPost> {
    const { url, secret } = account.credentials;
    const rawBody = JSON.stringify({ event: 'bulletin.published', bulletin: post.document });
    const eventId = randomUUID();
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await this.http
      .post(url, rawBody, {
        headers: {
          'Content-Type': 'application/json',
          [WEBHOOK_HEADERS.eventId]: eventId,
          [WEBHOOK_HEADERS.deliveryKey]: context.idempotencyKey,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhook(secret, eventId, timestamp, rawBody),
        },
        transformRequest: [(data: string) => data],
      })
      .catch((error: unknown) => { throw transportFailure(error); });
    if (response.status >= 200 && response.status < 300 && response.data?.id) {
      return { postId: String(response.data.id), url: response.data.url };
    }
    const reason = `webhook ${response.status} ${JSON.stringify(response.data ?? '').slice(0, 200)}`;
    if (response.status === 429) throw new PlatformError(PlatformErrorCode.RateLimited, reason, retryAfterMs(response.headers['retry-after'], 30_000));
    if (response.status >= 500 || response.status === 408) throw new PlatformError(PlatformErrorCode.Transient, reason);
    throw new PlatformError(PlatformErrorCode.Rejected, reason);
  }
}
