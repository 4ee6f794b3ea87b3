import { type AxiosInstance, type AxiosResponse } from 'axios';
import { platformHttpClient, send } from '../http/platform-http';
import { platformFailure, type PlatformErrorNumbers } from '../http/platform-failure';
import { cutToLength } from '../rendering/cut-to-length';
import { renewedTokens, renewNow, withTokenRefresh } from '../http/token-refresh';
import {
  type AccountSession,
  type InboundPage,
  type InboundReference,
  type PlatformAdapter,
  type PostMetrics,
  type PublishContext,
  type PublishedPost,
  type RefreshedCredentials,
  type RenderedPost,
  type UpdatedPost,
} from '../platform-adapter';
import { Platform } from '@mb/vocabulary';

import { PlatformError, PlatformErrorCode } from '../platform.error';
import { KIND_TAG, publishedBody, publishedSummary } from '../rendering/bulletin-summary';
import { markerOf } from '../rendering/marker';
import { type RenderableBulletin } from '../rendering/renderable-bulletin';

/** statuses/share.json counts a Chinese character as one and two Latin characters as one. */
export const WEIBO_TEXT_LIMIT = 140;

const ERRORS: PlatformErrorNumbers = {
  auth: new Set([21301, 21314, 21315, 21316, 21317, 21319, 21327, 21332]),
  rate: new Set([10022, 10023, 10024]),
  transient: new Set([10001, 10002, 10003, 10009]),
  quota: new Set([20016]),
};
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
const COUNT_BATCH = 100;

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

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/**
 * Weibo through the public v2 API. `statuses/share.json` takes at most 140 characters, must carry
 * a link on the app's bound domain (the tip link) and may not contain `#topic#` markers, so the
 * kind is shown as 【微通缉】. Weibo has no edit: an update is a comment on the post. Read counts
 * come from `media_statuses/count_sp/biz.json` (media accounts). Tokens are renewed with the
 * refresh token when the account was authorised with one.
 */
export class WeiboAdapter implements PlatformAdapter {
  readonly platform = Platform.Weibo;
  private readonly http: AxiosInstance;

  constructor(baseUrl: string, timeoutMs: number) {
    this.http = platformHttpClient(this.platform, baseUrl, timeoutMs);
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
    return {
      platform: this.platform,
      text: `${head}${middle}${tail}`,
      images,
      tipUrl: bulletin.tipUrl,
      marker: markerOf(bulletin.tipUrl),
      warnings,
    };
  }

  post(session: AccountSession, post: RenderedPost, _context: PublishContext): Promise<PublishedPost> {
    return withTokenRefresh(
      session,
      (s) => this.refresh(s),
      async ({ accessToken }) => {
        const fields: Record<string, string> = { access_token: accessToken ?? '', status: post.text, rip: '127.0.0.1' };
        if (post.images[0]) fields.pic_url = post.images[0];
        const body = this.ok(await send(() => this.http.post('/2/statuses/share.json', form(fields), formHeaders()), false));
        return { postId: String(body.idstr), url: `https://weibo.com/${session.platformAccountId}/${body.mid ?? body.idstr}` };
      },
    );
  }

  update(session: AccountSession, postId: string, post: RenderedPost, _context: PublishContext): Promise<UpdatedPost> {
    const comment = cutToWeiboLength(`【更新】${post.text.replace(/^【[^】]+】/, '')}`, WEIBO_TEXT_LIMIT);
    return withTokenRefresh(
      session,
      (s) => this.refresh(s),
      async ({ accessToken }) => {
        this.ok(
          await send(
            () => this.http.post('/2/comments/create.json', form({ access_token: accessToken ?? '', id: postId, comment }), formHeaders()),
            false,
          ),
        );
        return { postId, mode: 'follow_up' as const };
      },
    );
  }

  remove(session: AccountSession, postId: string): Promise<void> {
    return withTokenRefresh(
      session,
      (s) => this.refresh(s),
      async ({ accessToken }) => {
        const response = await send(
          () => this.http.post('/2/statuses/destroy.json', form({ access_token: accessToken ?? '', id: postId }), formHeaders()),
          true,
        );
        if (Number(response.data?.error_code) === 20101) return; // already gone: what we wanted
        this.ok(response);
      },
    );
  }

  async fetchMetrics(session: AccountSession, postIds: string[]): Promise<PostMetrics[]> {
    const metrics: PostMetrics[] = [];
    for (let start = 0; start < postIds.length; start += COUNT_BATCH) {
      const ids = postIds.slice(start, start + COUNT_BATCH).join(',');
      const rows = await withTokenRefresh(
        session,
        (s) => this.refresh(s),
        async ({ accessToken }) =>
          this.ok(
            await send(() => this.http.get('/2/media_statuses/count_sp/biz.json', { params: { access_token: accessToken, ids } }), true),
          ),
      );
      for (const row of rows as Array<Record<string, unknown>>) {
        metrics.push({
          postId: String(row.idstr ?? row.id),
          reads: Number(row.reads ?? 0),
          shares: Number(row.reposts ?? 0),
          likes: Number(row.attitudes ?? 0),
          comments: Number(row.comments ?? 0),
        });
      }
    }
    return metrics;
  }

  async fetchInbound(session: AccountSession, _postIds: string[], cursor: string | null): Promise<InboundPage> {
    const body = await withTokenRefresh(
      session,
      (s) => this.refresh(s),
      async ({ accessToken }) =>
        this.ok(
          await send(
            () => this.http.get('/2/comments/to_me.json', { params: { access_token: accessToken, since_id: cursor ?? '0', count: 200 } }),
            true,
          ),
        ),
    );
    const comments = (body.comments ?? []) as Array<Record<string, any>>;
    const messages = comments.map((comment) => ({
      platformMessageId: String(comment.idstr ?? comment.id),
      postId: comment.status?.idstr ? String(comment.status.idstr) : undefined,
      text: String(comment.text ?? ''),
      senderRef: String(comment.user?.idstr ?? comment.user?.id ?? ''),
      receivedAt: new Date(comment.created_at),
    }));
    const newest = messages.reduce<string | null>(
      (max, message) => (max === null || BigInt(message.platformMessageId) > BigInt(max) ? message.platformMessageId : max),
      cursor,
    );
    return { messages, cursor: newest };
  }

  /** comments/reply.json (cid = the comment, id = its post); the endpoint's fields are unconfirmed in public docs. */
  reply(session: AccountSession, message: InboundReference, text: string): Promise<void> {
    return withTokenRefresh(
      session,
      (s) => this.refresh(s),
      async ({ accessToken }) => {
        this.ok(
          await send(
            () =>
              this.http.post(
                '/2/comments/reply.json',
                form({
                  access_token: accessToken ?? '',
                  cid: message.platformMessageId,
                  id: message.postId ?? '',
                  comment: cutToLength(text, 140),
                }),
                formHeaders(),
              ),
            false,
          ),
        );
      },
    );
  }

  findPostByMarker(session: AccountSession, marker: string, exceptPostIds: readonly string[] = []): Promise<PublishedPost | null> {
    return withTokenRefresh(
      session,
      (s) => this.refresh(s),
      async ({ accessToken }) => {
        const body = this.ok(
          await send(() => this.http.get('/2/statuses/user_timeline.json', { params: { access_token: accessToken, count: 100 } }), true),
        );
        const match = ((body.statuses ?? []) as Array<Record<string, any>>).find(
          (status) => String(status.text ?? '').includes(marker) && !exceptPostIds.includes(String(status.idstr)),
        );
        return match
          ? { postId: String(match.idstr), url: `https://weibo.com/${session.platformAccountId}/${match.mid ?? match.idstr}` }
          : null;
      },
    );
  }

  renewCredentials(session: AccountSession): Promise<RefreshedCredentials> {
    return renewNow(session, (s) => this.refresh(s));
  }

  private async refresh(session: AccountSession): Promise<RefreshedCredentials> {
    const { refreshToken } = session.credentials;
    if (!refreshToken)
      throw new PlatformError(
        PlatformErrorCode.AuthExpired,
        'weibo token expired and no refresh token: the account must be authorised again',
      );
    const response = await send(
      () => this.http.post('/oauth2/access_token', form({ grant_type: 'refresh_token', refresh_token: refreshToken }), formHeaders()),
      true,
    );
    if (response.status !== 200 || !response.data?.access_token) {
      throw new PlatformError(
        PlatformErrorCode.AuthExpired,
        `weibo refresh refused (${response.data?.error_code} ${response.data?.error ?? ''}): the account must be authorised again`,
      );
    }
    return renewedTokens(session, response.data);
  }

  /** The body of a successful answer; any failure as its typed error. */
  private ok(response: AxiosResponse): any {
    const body = response.data ?? {};
    if (response.status === 200 && body.error_code === undefined) return body;
    const code = Number(body?.error_code);
    const reason = `weibo ${response.status} ${Number.isFinite(code) ? code : ''} ${String(body?.error ?? '')}`.trim();
    throw platformFailure(response, code, reason, ERRORS, DEFAULT_RATE_LIMIT_WAIT_MS);
  }
}

function formHeaders() {
  return { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
}
