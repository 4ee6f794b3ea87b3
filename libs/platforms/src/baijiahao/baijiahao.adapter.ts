import { type AxiosInstance, type AxiosResponse } from 'axios';
import { Platform } from '@mb/vocabulary';
import { platformHttpClient, send } from '../http/platform-http';
import { platformFailure, type PlatformErrorNumbers } from '../http/platform-failure';
import { renewedTokens, renewNow, withAccessToken } from '../http/token-refresh';
import {
  type AccountSession,
  type InboundMessage,
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
import { PlatformError, PlatformErrorCode } from '../platform.error';
import { KIND_TAG, publishedBody, publishedSummary } from '../rendering/bulletin-summary';
import { cutToLength } from '../rendering/cut-to-length';
import { escapeHtml } from '../rendering/html';
import { markerOf } from '../rendering/marker';
import { type RenderableBulletin } from '../rendering/renderable-bulletin';

/** An article title takes at most 30 characters. */
export const BAIJIAHAO_TITLE_LIMIT = 30;
const COVER_LIMIT = 3;
const STATISTICS_BATCH = 20;
const API = '/builderinner/open/resource';
/** Baidu's open-API errors: 110/111 token invalid or expired, 17/18 daily or per-second quota, 1/2 the service failing. */
const ERRORS: PlatformErrorNumbers = { auth: new Set([110, 111]), rate: new Set([17, 18]), transient: new Set([1, 2]) };
/** The article no longer exists (withdrawn before): a removal has nothing left to do. */
const NO_SUCH_ARTICLE = 20040404;
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * Baidu's 百家号 (Baijiahao) through its open content API, as a service provider: the account
 * authorised the province's app with Baidu OAuth 2.0, calls carry its access token (renewed with
 * the refresh token), an article is published in one call with its cover images given as URLs
 * (Baidu fetches them), withdrawn by id, counted in batches of 20, and its comments listed and
 * answered. Published articles are not edited: an update is a follow-up article.
 */
export class BaijiahaoAdapter implements PlatformAdapter {
  readonly platform = Platform.Baijiahao;
  private readonly http: AxiosInstance;

  constructor(baseUrl: string, timeoutMs: number) {
    this.http = platformHttpClient(this.platform, baseUrl, timeoutMs);
  }

  render(bulletin: RenderableBulletin): RenderedPost {
    const fullTitle = `【${KIND_TAG[bulletin.kind]}】${bulletin.title}`;
    const title = cutToLength(fullTitle, BAIJIAHAO_TITLE_LIMIT);
    const paragraphs = [publishedSummary(bulletin), ...publishedBody(bulletin).split(/\n+/)].filter(Boolean);
    const text = [
      ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
      `<p>发布单位：${escapeHtml(bulletin.issuerName)}</p>`,
      `<p>通告详情：<a href="${escapeHtml(bulletin.pageUrl)}">${escapeHtml(bulletin.pageUrl)}</a></p>`,
      `<p>提供线索：<a href="${escapeHtml(bulletin.tipUrl)}">${escapeHtml(bulletin.tipUrl)}</a></p>`,
    ].join('');
    const warnings: string[] = [];
    if (title !== fullTitle) warnings.push(`title cut to ${BAIJIAHAO_TITLE_LIMIT} characters`);
    if (bulletin.images.length === 0) warnings.push('no image: the article goes out without a cover');
    if (bulletin.images.length > COVER_LIMIT) warnings.push(`only the first ${COVER_LIMIT} images are covers`);
    return {
      platform: this.platform,
      title,
      text,
      images: bulletin.images.slice(0, COVER_LIMIT),
      tipUrl: bulletin.tipUrl,
      marker: markerOf(bulletin.tipUrl),
      warnings,
    };
  }

  post(session: AccountSession, post: RenderedPost, _context: PublishContext): Promise<PublishedPost> {
    return this.withToken(session, async (token) => {
      const data = this.ok(
        await send(
          () =>
            this.http.post(
              `${API}/article/publish`,
              {
                title: post.title ?? '',
                content: post.text,
                // The tip link doubles as the article's source link, which the account's article list shows.
                origin_url: post.tipUrl,
                cover_images: JSON.stringify(post.images.map((src) => ({ src }))),
                is_original: 0,
              },
              { params: { access_token: token } },
            ),
          false,
        ),
      );
      return { postId: String(data.article_id), url: data.url ? String(data.url) : undefined };
    });
  }

  async update(session: AccountSession, _postId: string, post: RenderedPost, context: PublishContext): Promise<UpdatedPost> {
    const followUp = await this.post(
      session,
      { ...post, title: cutToLength(`【更新】${post.title ?? ''}`, BAIJIAHAO_TITLE_LIMIT) },
      context,
    );
    return { ...followUp, mode: 'follow_up' };
  }

  remove(session: AccountSession, postId: string): Promise<void> {
    return this.withToken(session, async (token) => {
      const response = await send(
        () => this.http.post(`${API}/article/withdraw`, { article_id: postId }, { params: { access_token: token } }),
        true,
      );
      if (Number(response.data?.errno) === NO_SUCH_ARTICLE) return;
      this.ok(response);
    });
  }

  async fetchMetrics(session: AccountSession, postIds: string[]): Promise<PostMetrics[]> {
    const metrics: PostMetrics[] = [];
    for (let start = 0; start < postIds.length; start += STATISTICS_BATCH) {
      const ids = postIds.slice(start, start + STATISTICS_BATCH).join(',');
      const data = await this.withToken(session, async (token) =>
        this.ok(await send(() => this.http.get(`${API}/article/statistics`, { params: { access_token: token, article_ids: ids } }), true)),
      );
      for (const row of (data.list ?? []) as Array<Record<string, unknown>>) {
        metrics.push({
          postId: String(row.article_id),
          reads: Number(row.view_count ?? 0),
          shares: Number(row.share_count ?? 0),
          likes: Number(row.like_count ?? 0),
          comments: Number(row.comment_count ?? 0),
        });
      }
    }
    return metrics;
  }

  /** The cursor holds how many of each article's comments were read. */
  fetchInbound(session: AccountSession, postIds: string[], cursor: string | null): Promise<InboundPage> {
    const read: Record<string, number> = cursor ? JSON.parse(cursor) : {};
    return this.withToken(session, async (token) => {
      const messages: InboundMessage[] = [];
      for (const postId of postIds) {
        let hasMore = true;
        while (hasMore) {
          const data = this.ok(
            await send(
              () =>
                this.http.get(`${API}/comment/list`, {
                  params: { access_token: token, article_id: postId, start: read[postId] ?? 0, count: 50 },
                }),
              true,
            ),
          );
          const list = (data.list ?? []) as Array<Record<string, unknown>>;
          for (const comment of list) {
            messages.push({
              platformMessageId: String(comment.comment_id),
              postId,
              text: String(comment.content ?? ''),
              senderRef: String(comment.uid ?? ''),
              receivedAt: new Date(Number(comment.create_time) * 1000),
            });
          }
          read[postId] = (read[postId] ?? 0) + list.length;
          hasMore = Boolean(data.has_more) && list.length > 0;
        }
      }
      return { messages, cursor: JSON.stringify(read) };
    });
  }

  reply(session: AccountSession, message: InboundReference, text: string): Promise<void> {
    return this.withToken(session, async (token) => {
      this.ok(
        await send(
          () =>
            this.http.post(
              `${API}/comment/reply`,
              { article_id: message.postId, comment_id: message.platformMessageId, content: cutToLength(text, 500) },
              { params: { access_token: token } },
            ),
          false,
        ),
      );
    });
  }

  findPostByMarker(session: AccountSession, marker: string, exceptPostIds: readonly string[] = []): Promise<PublishedPost | null> {
    return this.withToken(session, async (token) => {
      const data = this.ok(
        await send(() => this.http.get(`${API}/article/list`, { params: { access_token: token, start: 0, count: 50 } }), true),
      );
      const match = ((data.list ?? []) as Array<Record<string, unknown>>).find(
        (article) => String(article.origin_url ?? '').includes(marker) && !exceptPostIds.includes(String(article.article_id)),
      );
      return match ? { postId: String(match.article_id), url: match.url ? String(match.url) : undefined } : null;
    });
  }

  private withToken<T>(session: AccountSession, call: (token: string) => Promise<T>): Promise<T> {
    return withAccessToken(session, (s) => this.refresh(s), call);
  }

  renewCredentials(session: AccountSession): Promise<RefreshedCredentials> {
    return renewNow(session, (s) => this.refresh(s));
  }

  private async refresh(session: AccountSession): Promise<RefreshedCredentials> {
    const { clientId, clientSecret, refreshToken } = session.credentials;
    const response = await send(
      () =>
        this.http.get('/oauth/2.0/token', {
          params: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId, client_secret: clientSecret },
        }),
      true,
    );
    const body = response.data ?? {};
    if (response.status !== 200 || !body.access_token) {
      throw new PlatformError(
        PlatformErrorCode.AuthExpired,
        `baijiahao refresh refused (${String(body.error ?? response.status)}): the account must be authorised again`,
      );
    }
    return renewedTokens(session, body);
  }

  /** The `data` of a successful answer (`errno` 0); any failure as its typed error. */
  private ok(response: AxiosResponse): any {
    const body = response.data ?? {};
    const errno = Number(body.errno);
    if (response.status === 200 && errno === 0) return body.data ?? {};
    const reason = `baijiahao ${response.status} ${Number.isFinite(errno) ? errno : ''} ${String(body.errmsg ?? '')}`.trim();
    throw platformFailure(response, errno, reason, ERRORS, DEFAULT_RATE_LIMIT_WAIT_MS);
  }
}
