import { randomUUID } from 'node:crypto';
import { type AxiosInstance, type AxiosResponse, type Method } from 'axios';
import { OutboundGuard } from '../http/outbound-guard';
import { platformHttpClient, retryAfterMs, send } from '../http/platform-http';
import {
  type AccountSession,
  type InboundPage,
  type InboundReference,
  type PlatformAdapter,
  type PostMetrics,
  type PublishContext,
  type PublishedPost,
  type RenderedPost,
  type UpdatedPost,
} from '../platform-adapter';
import { Platform } from '@mb/vocabulary';

import { PlatformError, PlatformErrorCode } from '../platform.error';
import { KIND_TAG, publishedBody, publishedSummary } from '../rendering/bulletin-summary';
import { maskIdNumber } from '../rendering/id-number-mask';
import { markerOf } from '../rendering/marker';
import { type RenderableBulletin } from '../rendering/renderable-bulletin';
import { signedPathOf, signWebhook, WEBHOOK_HEADERS } from './webhook-signature';

/**
 * A unit's own website or CMS, at the URL in the account's credentials (`…/bulletins`). Every
 * request is signed; the receiver edits (`PUT …/bulletins/{id}`), deletes, reports counts
 * (`GET …/bulletins/{id}/stats`), finds a post by marker (`GET …/bulletins?marker=`) and lists
 * the public's tips (`GET …/tips?since=`). The delivery key header lets it answer a repeated
 * publish with the post it already made.
 */
export class WebhookAdapter implements PlatformAdapter {
  readonly platform = Platform.Webhook;
  private readonly http: AxiosInstance;

  constructor(timeoutMs: number, guard: OutboundGuard) {
    this.http = platformHttpClient(this.platform, undefined, timeoutMs, guard);
  }

  render(bulletin: RenderableBulletin): RenderedPost {
    const details = structuredClone(bulletin.details);
    for (const suspect of [details.suspect, ...(details.suspects ?? [])])
      if (suspect?.idNumber) suspect.idNumber = maskIdNumber(suspect.idNumber);
    const text = `${publishedSummary(bulletin)}\n${publishedBody(bulletin)}\n通告详情：${bulletin.pageUrl}\n提供线索：${bulletin.tipUrl}`;
    return {
      platform: this.platform,
      title: bulletin.title,
      text,
      images: bulletin.images,
      tipUrl: bulletin.tipUrl,
      marker: markerOf(bulletin.tipUrl),
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
        pageUrl: bulletin.pageUrl,
      },
      warnings: [],
    };
  }

  async post(session: AccountSession, post: RenderedPost, context: PublishContext): Promise<PublishedPost> {
    const body = this.ok(
      await this.signed(
        session,
        'POST',
        bulletinsUrl(session),
        { event: 'bulletin.published', bulletin: post.document },
        context.idempotencyKey,
        false,
      ),
    );
    return { postId: String(body.id), url: body.url };
  }

  async update(session: AccountSession, postId: string, post: RenderedPost, context: PublishContext): Promise<UpdatedPost> {
    const body = this.ok(
      await this.signed(
        session,
        'PUT',
        `${bulletinsUrl(session)}/${encodeURIComponent(postId)}`,
        { event: 'bulletin.updated', bulletin: post.document },
        context.idempotencyKey,
        true,
      ),
    );
    return { postId: String(body.id ?? postId), url: body.url, mode: 'edited' };
  }

  async remove(session: AccountSession, postId: string): Promise<void> {
    const response = await this.signed(
      session,
      'DELETE',
      `${bulletinsUrl(session)}/${encodeURIComponent(postId)}`,
      undefined,
      undefined,
      true,
    );
    if (response.status === 404) return;
    this.ok(response);
  }

  async fetchMetrics(session: AccountSession, postIds: string[]): Promise<PostMetrics[]> {
    const metrics: PostMetrics[] = [];
    for (const postId of postIds) {
      const response = await this.signed(
        session,
        'GET',
        `${bulletinsUrl(session)}/${encodeURIComponent(postId)}/stats`,
        undefined,
        undefined,
        true,
      );
      if (response.status === 404) continue;
      const body = this.ok(response);
      metrics.push({
        postId,
        reads: Number(body.reads ?? 0),
        shares: Number(body.shares ?? 0),
        likes: Number(body.likes ?? 0),
        comments: Number(body.comments ?? 0),
      });
    }
    return metrics;
  }

  async fetchInbound(session: AccountSession, _postIds: string[], cursor: string | null): Promise<InboundPage> {
    const url = `${bulletinsUrl(session).replace(/\/bulletins\/?$/, '')}/tips?since=${encodeURIComponent(cursor ?? '')}`;
    const body = this.ok(await this.signed(session, 'GET', url, undefined, undefined, true));
    const messages = ((body.items ?? []) as Array<Record<string, any>>).map((item) => ({
      platformMessageId: String(item.id),
      postId: item.bulletinPostId ? String(item.bulletinPostId) : undefined,
      text: String(item.text ?? ''),
      senderRef: String(item.from ?? ''),
      receivedAt: new Date(item.receivedAt),
    }));
    return { messages, cursor: messages.at(-1)?.platformMessageId ?? cursor };
  }

  /** The unit's site shows the reply under the tip it received: POST <site>/tips/<id>/reply, signed. */
  async reply(session: AccountSession, message: InboundReference, text: string): Promise<void> {
    const url = `${bulletinsUrl(session).replace(/\/bulletins\/?$/, '')}/tips/${encodeURIComponent(message.platformMessageId)}/reply`;
    this.ok(await this.signed(session, 'POST', url, { text }, undefined, false));
  }

  async findPostByMarker(session: AccountSession, marker: string, exceptPostIds: readonly string[] = []): Promise<PublishedPost | null> {
    const body = this.ok(
      await this.signed(session, 'GET', `${bulletinsUrl(session)}?marker=${encodeURIComponent(marker)}`, undefined, undefined, true),
    );
    const item = ((body.items ?? []) as Array<{ id: unknown; url?: string }>).find(
      (candidate) => !exceptPostIds.includes(String(candidate.id)),
    );
    return item ? { postId: String(item.id), url: item.url } : null;
  }

  private signed(
    session: AccountSession,
    method: Method,
    url: string,
    payload: unknown,
    deliveryKey: string | undefined,
    idempotent: boolean,
  ): Promise<AxiosResponse> {
    const rawBody = payload === undefined ? '' : JSON.stringify(payload);
    const eventId = randomUUID();
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      [WEBHOOK_HEADERS.eventId]: eventId,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
      [WEBHOOK_HEADERS.signature]: signWebhook(session.credentials.secret ?? '', {
        method,
        path: signedPathOf(url),
        eventId,
        deliveryKey: deliveryKey ?? '',
        timestamp,
        rawBody,
      }),
    };
    if (deliveryKey) headers[WEBHOOK_HEADERS.deliveryKey] = deliveryKey;
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    return send(
      () =>
        this.http.request({
          method,
          url,
          data: payload === undefined ? undefined : rawBody,
          headers,
          transformRequest: [(data: unknown) => data],
        }),
      idempotent,
    );
  }

  private ok(response: AxiosResponse): any {
    if (response.status >= 200 && response.status < 300) return response.data ?? {};
    // The site's own short error code when it sends one; never its body, which could be anything the URL points at.
    const stated =
      typeof response.data?.error === 'string' && /^[\w .:-]{1,60}$/.test(response.data.error) ? ` ${response.data.error}` : '';
    const reason = `webhook ${response.status}${stated}`;
    if (response.status === 429)
      throw new PlatformError(PlatformErrorCode.RateLimited, reason, retryAfterMs(response.headers['retry-after'], 30_000));
    if (response.status >= 500 || response.status === 408) throw new PlatformError(PlatformErrorCode.Transient, reason);
    throw new PlatformError(PlatformErrorCode.Rejected, reason);
  }
}

function bulletinsUrl(session: AccountSession): string {
  return (session.credentials.url ?? '').replace(/\/$/, '');
}
