import { type AxiosInstance, type AxiosResponse } from 'axios';
import { defaultCard, ImageFetcher, multipartUpload } from '../http/images';
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
import { Platform } from '@mb/vocabulary';

import { PlatformError, PlatformErrorCode } from '../platform.error';
import { KIND_TAG, publishedBody, publishedSummary } from '../rendering/bulletin-summary';
import { cutToLength } from '../rendering/cut-to-length';
import { markerOf } from '../rendering/marker';
import { type RenderableBulletin } from '../rendering/renderable-bulletin';

/** Caption and image limits of image-text posts are not documented; these are the adapter's assumptions. */
export const BYTEDANCE_CAPTION_LIMIT = 1000;
const IMAGE_LIMIT = 9;
const DATA_BATCH = 20;
const ERRORS: PlatformErrorNumbers = {
  auth: new Set([28001003, 28001008, 2190002, 2190008, 10008]),
  rate: new Set([28003017, 28003018, 2190001]),
  transient: new Set([28001005, 2100004]),
};

/**
 * Douyin (and Toutiao, modelled on the same conventions at its own base URL): user tokens renewed
 * with the refresh token, images uploaded then posted as an image-text item, deleted by item id,
 * counted with `video_data` in batches of 20. Posts cannot be edited: an update is the account's
 * own comment on the item.
 */
export class ByteDanceAdapter implements PlatformAdapter {
  private readonly http: AxiosInstance;

  constructor(
    readonly platform: Platform.Douyin | Platform.Toutiao,
    baseUrl: string,
    private readonly timeoutMs: number,
    private readonly images: ImageFetcher,
  ) {
    this.http = platformHttpClient(this.platform, baseUrl, timeoutMs);
  }

  render(bulletin: RenderableBulletin): RenderedPost {
    const tail = `\n提供线索：${bulletin.tipUrl}`;
    const head = `#${KIND_TAG[bulletin.kind]} ${bulletin.title}\n`;
    const full = `${publishedSummary(bulletin)}\n${publishedBody(bulletin)}`;
    const room = BYTEDANCE_CAPTION_LIMIT - [...head].length - [...tail].length;
    const middle = cutToLength(full, room);
    const warnings = middle === full ? [] : [`text cut to ${BYTEDANCE_CAPTION_LIMIT} characters`];
    if (bulletin.images.length === 0) warnings.push('no image: the standard bulletin card is posted');
    if (bulletin.images.length > IMAGE_LIMIT) warnings.push(`only the first ${IMAGE_LIMIT} images are posted`);
    return {
      platform: this.platform,
      text: `${head}${middle}${tail}`,
      images: bulletin.images.slice(0, IMAGE_LIMIT),
      tipUrl: bulletin.tipUrl,
      marker: markerOf(bulletin.tipUrl),
      warnings,
    };
  }

  async post(session: AccountSession, post: RenderedPost, _context: PublishContext): Promise<PublishedPost> {
    const files =
      post.images.length > 0 ? await Promise.all(post.images.map((url) => this.images.fetch(url, this.timeoutMs))) : [defaultCard()];
    return this.withToken(session, async (token) => {
      const call = this.userCall(session, token);
      const imageIds: string[] = [];
      for (const file of files) {
        const upload = await multipartUpload('image', file);
        const uploaded = this.ok(
          await send(
            () =>
              this.http.post('/api/douyin/v1/video/upload_image/', upload.body, {
                ...call,
                headers: { ...call.headers, ...upload.headers },
              }),
            true,
          ),
        );
        imageIds.push(String(uploaded.image.image_id));
      }
      const created = this.ok(
        await send(() => this.http.post('/api/douyin/v1/video/create_image_text/', { image_list: imageIds, text: post.text }, call), false),
      );
      return { postId: String(created.item_id) };
    });
  }

  update(session: AccountSession, postId: string, post: RenderedPost, _context: PublishContext): Promise<UpdatedPost> {
    const content = cutToLength(`【更新】${post.text.replace(/^#\S+ /, '')}`, 300);
    return this.withToken(session, async (token) => {
      this.ok(
        await send(() => this.http.post('/item/comment/reply/', { item_id: postId, content }, this.legacyCall(session, token)), false),
      );
      return { postId, mode: 'follow_up' as const };
    });
  }

  remove(session: AccountSession, postId: string): Promise<void> {
    return this.withToken(session, async (token) => {
      const response = await send(() => this.http.post('/video/delete/', { item_id: postId }, this.legacyCall(session, token)), true);
      if (Number(response.data?.data?.error_code) === 28001007) return; // unknown item: already removed
      this.ok(response);
    });
  }

  async fetchMetrics(session: AccountSession, postIds: string[]): Promise<PostMetrics[]> {
    const metrics: PostMetrics[] = [];
    for (let start = 0; start < postIds.length; start += DATA_BATCH) {
      const itemIds = postIds.slice(start, start + DATA_BATCH);
      const data = await this.withToken(session, async (token) =>
        this.ok(
          await send(() => this.http.post('/api/douyin/v1/video/video_data/', { item_ids: itemIds }, this.userCall(session, token)), true),
        ),
      );
      for (const item of (data.list ?? []) as Array<Record<string, any>>) {
        const statistics = item.statistics ?? {};
        metrics.push({
          postId: String(item.item_id),
          reads: Number(statistics.play_count ?? 0),
          shares: Number(statistics.share_count ?? 0),
          likes: Number(statistics.digg_count ?? 0),
          comments: Number(statistics.comment_count ?? 0),
        });
      }
    }
    return metrics;
  }

  /** The cursor holds each item's comment cursor. */
  fetchInbound(session: AccountSession, postIds: string[], cursor: string | null): Promise<InboundPage> {
    const cursors: Record<string, number> = cursor ? JSON.parse(cursor) : {};
    return this.withToken(session, async (token) => {
      const messages: InboundMessage[] = [];
      for (const postId of postIds) {
        let hasMore = true;
        while (hasMore) {
          const data = this.ok(
            await send(
              () =>
                this.http.get('/item/comment/list/', {
                  ...this.legacyCall(session, token),
                  params: { ...this.legacyCall(session, token).params, item_id: postId, cursor: cursors[postId] ?? 0, count: 50 },
                }),
              true,
            ),
          );
          for (const comment of (data.list ?? []) as Array<Record<string, any>>) {
            messages.push({
              platformMessageId: String(comment.comment_id),
              postId,
              text: String(comment.content ?? ''),
              senderRef: String(comment.comment_user_id ?? ''),
              receivedAt: new Date(Number(comment.create_time) * 1000),
            });
          }
          cursors[postId] = Number(data.cursor ?? cursors[postId] ?? 0);
          hasMore = Boolean(data.has_more);
        }
      }
      return { messages, cursor: JSON.stringify(cursors) };
    });
  }

  reply(session: AccountSession, message: InboundReference, text: string): Promise<void> {
    return this.withToken(session, async (token) => {
      const call = this.legacyCall(session, token);
      this.ok(
        await send(
          () =>
            this.http.post('/item/comment/reply/', { item_id: message.postId, comment_id: message.platformMessageId, content: text }, call),
          false,
        ),
      );
    });
  }

  findPostByMarker(session: AccountSession, marker: string, exceptPostIds: readonly string[] = []): Promise<PublishedPost | null> {
    return this.withToken(session, async (token) => {
      const data = this.ok(
        await send(
          () =>
            this.http.get('/api/douyin/v1/video/video_list/', {
              ...this.userCall(session, token),
              params: { open_id: session.platformAccountId, cursor: 0, count: 20 },
            }),
          true,
        ),
      );
      const item = ((data.list ?? []) as Array<Record<string, any>>).find(
        (candidate) => String(candidate.title ?? '').includes(marker) && !exceptPostIds.includes(String(candidate.item_id)),
      );
      return item ? { postId: String(item.item_id) } : null;
    });
  }

  /** Newer OpenAPIs: token in the `access-token` header, user in `open_id`. */
  private userCall(session: AccountSession, token: string) {
    return { headers: { 'access-token': token }, params: { open_id: session.platformAccountId } };
  }

  /** Legacy endpoints: token and user both as query parameters. */
  private legacyCall(session: AccountSession, token: string) {
    return { params: { open_id: session.platformAccountId, access_token: token } };
  }

  private withToken<T>(session: AccountSession, call: (token: string) => Promise<T>): Promise<T> {
    return withAccessToken(session, (s) => this.refresh(s), call);
  }

  renewCredentials(session: AccountSession): Promise<RefreshedCredentials> {
    return renewNow(session, (s) => this.refresh(s));
  }

  private async refresh(session: AccountSession): Promise<RefreshedCredentials> {
    const { clientKey, refreshToken } = session.credentials;
    const form = new URLSearchParams({
      client_key: clientKey ?? '',
      grant_type: 'refresh_token',
      refresh_token: refreshToken ?? '',
    }).toString();
    const response = await send(
      () => this.http.post('/oauth/refresh_token/', form, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
      true,
    );
    const data = response.data?.data ?? {};
    if (Number(data.error_code) !== 0 || !data.access_token) {
      throw new PlatformError(
        PlatformErrorCode.AuthExpired,
        `${this.platform} refresh refused (${data.error_code} ${data.description ?? ''}): the account must be authorised again`,
      );
    }
    return renewedTokens(session, data, 1_296_000);
  }

  private ok(response: AxiosResponse): any {
    const data = response.data?.data ?? {};
    const code = Number(data.error_code ?? response.data?.extra?.error_code ?? (response.status === 200 ? 0 : -1));
    if (response.status === 200 && code === 0) return data;
    const reason = `${this.platform} ${response.status} ${code} ${String(data.description ?? '')}`.trim();
    throw platformFailure(response, code, reason, ERRORS);
  }
}
