import { AxiosInstance } from 'axios';
import { platformHttpClient, retryAfterMs, transportFailure } from '../http/platform-http';
import { AccountSession, PlatformAdapter, PublishContext, PublishedPost, RenderedPost } from '../platform-adapter';
import { Platform } from '../platform';
import { PlatformError, PlatformErrorCode } from '../platform.error';
import { KIND_TAG, publishedBody, publishedSummary } from '../rendering/bulletin-summary';
import { RenderableBulletin } from '../rendering/renderable-bulletin';

/** statuses/share.json counts a Chinese character as one and two Latin characters as one. */
export const WEIBO_TEXT_LIMIT = 140;

const AUTH_ERRORS = new Set([21301, 21314, 21315, 21316, 21317, 21319, 21327, 21332]);
const RATE_ERRORS = new Set([10022, 10023, 10024, 20016]);
const TRANSIENT_ERRORS = new Set([10001, 10002, 10003, 10009]);
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

export function weiboLength(text: string): number {
  let halves = 0;
  for (const character of text) halves += character.charCodeAt(0) < 0x80 ? 1 : 2;
  return Math.ceil(halves / 2);
}

function cutToWeiboLength(text: string, limit: number): string {
  if (weiboLength(text) <= limit) return text;
  const characters = [...text];
  while (characters.length > 0 && weiboLength(characters.join('') + '…') > limit) characters.pop();
  return characters.join('') + '…';
}

/**
 * Weibo through the public v2 API `statuses/share.json`: text of at most 140 characters that
 * must carry a link on the app's bound domain (the tip link) and may not contain `#topic#`
 * markers, so the kind is shown as 【微通缉】 rather than a hashtag.
 */
export class WeiboAdapter implements PlatformAdapter {
  readonly platform = Platform.Weibo;
  private readonly http: AxiosInstance;

  constructor(baseUrl: string, timeoutMs: number) {
    this.http = platformHttpClient(baseUrl, timeoutMs);
  }

  render(bulletin: RenderableBulletin): RenderedPost {
    const head = `【${KIND_TAG[bulletin.kind]}】${bulletin.title}：`;
    const tail = ` 提供线索：${bulletin.tipUrl}`;
    const room = WEIBO_TEXT_LIMIT - weiboLength(head) - weiboLength(tail);
    const full = `${publishedSummary(bulletin)}${publishedBody(bulletin)}`;
    const middle = cutToWeiboLength(full, room);
    const warnings = middle === full ? [] : ['text cut to 140 characters; the full notice is on the tip page'];
    const images = bulletin.images.slice(0, 1);
    if (bulletin.images.length > 1) warnings.push(`only the first of ${bulletin.images.length} images is posted`);
    return { platform: this.platform, text: `${head}${middle}${tail}`, images, tipUrl: bulletin.tipUrl, warnings };
  }

  async post(account: AccountSession, post: RenderedPost, _context: PublishContext): Promise<PublishedPost> {
    const form = new URLSearchParams({ access_token: account.credentials.accessToken ?? '', status: post.text, rip: '127.0.0.1' });
    if (post.images[0]) form.set('pic_url', post.images[0]);
    const response = await this.http.post('/2/statuses/share.json', form.toString(), {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    }).catch((error: unknown) => { throw transportFailure(error); });
    const body = response.data ?? {};
    if (response.status === 200 && body.idstr) {
      return { postId: String(body.idstr), url: `https://weibo.com/${account.platformAccountId}/${body.mid ?? body.idstr}` };
    }
    throw this.failure(response.status, body, response.headers['retry-after']);
  }

  private failure(status: number, body: { error_code?: unknown; error?: unknown }, retryAfter: unknown): PlatformError {
    const code = Number(body?.error_code);
    const reason = `weibo ${status} ${Number.isFinite(code) ? code : ''} ${String(body?.error ?? '')}`.trim();
    if (status === 429 || RATE_ERRORS.has(code)) {
      return new PlatformError(PlatformErrorCode.RateLimited, reason, retryAfterMs(retryAfter, DEFAULT_RATE_LIMIT_WAIT_MS));
    }
    if (AUTH_ERRORS.has(code)) return new PlatformError(PlatformErrorCode.AuthExpired, reason);
    if (status >= 500 || TRANSIENT_ERRORS.has(code)) return new PlatformError(PlatformErrorCode.Transient, reason);
    return new PlatformError(PlatformErrorCode.Rejected, reason);
  }
}
