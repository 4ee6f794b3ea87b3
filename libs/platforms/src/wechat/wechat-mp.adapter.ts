import { type AxiosInstance, type AxiosResponse } from 'axios';
import { defaultCard, ImageFetcher, multipartUpload } from '../http/images';
import { platformHttpClient, send } from '../http/platform-http';
import { platformFailure, type PlatformErrorNumbers } from '../http/platform-failure';
import { withTokenRefresh } from '../http/token-refresh';
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
import { Platform, PostingLane } from '@mb/vocabulary';

import { PlatformError, PlatformErrorCode } from '../platform.error';
import { KIND_TAG, publishedBody, publishedSummary } from '../rendering/bulletin-summary';
import { cutToLength } from '../rendering/cut-to-length';
import { escapeHtml } from '../rendering/html';
import { markerOf } from '../rendering/marker';
import { type RenderableBulletin } from '../rendering/renderable-bulletin';

const TITLE_LIMIT = 32;
const DIGEST_LIMIT = 128;
const ERRORS: PlatformErrorNumbers = {
  auth: new Set([40001, 40014, 41001, 42001]),
  rate: new Set([45011, 53501]),
  transient: new Set([-1]),
  // 45009: the call's daily quota (freepublish); 45028: no mass send left.
  quota: new Set([45009, 45028]),
};
/** The mass send already made with this clientmsgid: its answer carries the msg_id of the first. */
const MASS_SEND_REPEATED = 45065;
const MASS_POST_PREFIX = 'mass:';
const PUBLISH_POLLS = 10;
const PUBLISH_POLL_MS = 300;
const COMMENT_PAGE = 49;
/** freepublish/get publish_status values that mean the platform refused the article. */
const PUBLISH_REFUSED: Record<number, string> = {
  2: 'originality check failed',
  3: 'publishing failed',
  4: 'rejected by platform review',
  6: 'banned by the platform',
};

/**
 * Our post id packs the article id (for delete) and the msg_data_id (for comments and statistics);
 * a mass send's id is its msg_id behind a prefix, since it is deleted through another call.
 */
function packPostId(articleId: string, msgDataId: string): string {
  return `${articleId}|${msgDataId}`;
}

function unpackPostId(postId: string): { articleId: string; msgDataId: string; massMsgId?: string } {
  const [articleId, msgDataId = ''] = postId.split('|');
  if (articleId.startsWith(MASS_POST_PREFIX)) return { articleId: '', msgDataId, massMsgId: articleId.slice(MASS_POST_PREFIX.length) };
  return { articleId, msgDataId };
}

/** Today in Beijing time, the calendar of the datacube API. */
function beijingDate(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * WeChat official account: access_token from appid/secret (`stable_token`), a cover image through
 * `material/add_material`, the article through `draft/add` then `freepublish/submit`, polled with
 * `freepublish/get`, which makes a permanent link but tells no follower; in the push lane the
 * draft goes out by `message/mass/sendall` (群发) instead, into every follower's messages, keyed
 * by `clientmsgid` so a repeated send answers with the first one. Published articles cannot be
 * edited: an update is a follow-up article.
 * Statistics come from `datacube/getarticletotal` (favourites stand in for likes, which the API
 * does not report); comments from `comment/list`.
 */
export class WechatMpAdapter implements PlatformAdapter {
  readonly platform = Platform.WechatMp;
  private readonly http: AxiosInstance;

  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
    private readonly images: ImageFetcher,
  ) {
    this.http = platformHttpClient(this.platform, baseUrl, timeoutMs);
  }

  render(bulletin: RenderableBulletin): RenderedPost {
    const summary = publishedSummary(bulletin);
    const paragraphs = [`#${KIND_TAG[bulletin.kind]}#`, summary, ...publishedBody(bulletin).split(/\n+/)].filter(Boolean);
    const content = [
      ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
      `<p>发布单位：${escapeHtml(bulletin.issuerName)}</p>`,
      `<p>通告详情：<a href="${escapeHtml(bulletin.pageUrl)}">${escapeHtml(bulletin.pageUrl)}</a></p>`,
      `<p>提供线索：<a href="${escapeHtml(bulletin.tipUrl)}">${escapeHtml(bulletin.tipUrl)}</a></p>`,
    ].join('');
    const warnings: string[] = [];
    if (bulletin.images.length > 1) warnings.push(`only the first of ${bulletin.images.length} images is used, as the cover`);
    if (bulletin.images.length === 0) warnings.push('no image: the standard bulletin card is the cover');
    return {
      platform: this.platform,
      title: cutToLength(bulletin.title, TITLE_LIMIT),
      text: content,
      images: bulletin.images.slice(0, 1),
      tipUrl: bulletin.tipUrl,
      marker: markerOf(bulletin.tipUrl),
      document: { digest: cutToLength(summary, DIGEST_LIMIT), author: cutToLength(bulletin.issuerName, 16) },
      warnings,
    };
  }

  async post(session: AccountSession, post: RenderedPost, context: PublishContext): Promise<PublishedPost> {
    const cover = post.images[0] ? await this.images.fetch(post.images[0], this.timeoutMs) : defaultCard();
    return this.withToken(session, async (token) => {
      const upload = await multipartUpload('media', cover);
      const material = this.ok(
        await send(
          () =>
            this.http.post('/cgi-bin/material/add_material', upload.body, {
              params: { access_token: token, type: 'image' },
              headers: upload.headers,
            }),
          true,
        ),
      );
      const article = {
        article_type: 'news',
        title: post.title,
        author: post.document?.author,
        digest: post.document?.digest,
        content: post.text,
        content_source_url: post.tipUrl,
        thumb_media_id: material.media_id,
        need_open_comment: 1,
        only_fans_can_comment: 0,
      };
      const draft = this.ok(
        await send(() => this.http.post('/cgi-bin/draft/add', { articles: [article] }, { params: { access_token: token } }), true),
      );
      if (context.lane === PostingLane.Push) return this.massSend(token, String(draft.media_id), context.idempotencyKey);
      const submitted = this.ok(
        await send(
          () => this.http.post('/cgi-bin/freepublish/submit', { media_id: draft.media_id }, { params: { access_token: token } }),
          false,
        ),
      );
      return this.awaitPublished(token, String(submitted.publish_id), String(submitted.msg_data_id));
    });
  }

  /** 群发 to every follower; the same clientmsgid sent again is answered with the first send's msg_id. */
  private async massSend(token: string, draftMediaId: string, clientMsgId: string): Promise<PublishedPost> {
    const response = await send(
      () =>
        this.http.post(
          '/cgi-bin/message/mass/sendall',
          {
            filter: { is_to_all: true },
            msgtype: 'mpnews',
            mpnews: { media_id: draftMediaId },
            send_ignore_reprint: 1,
            clientmsgid: clientMsgId,
          },
          { params: { access_token: token } },
        ),
      false,
    );
    const repeated = Number(response.data?.errcode) === MASS_SEND_REPEATED && response.data?.msg_id !== undefined;
    const sent = repeated ? response.data : this.ok(response);
    return { postId: packPostId(`${MASS_POST_PREFIX}${sent.msg_id}`, String(sent.msg_data_id ?? '')) };
  }

  async update(session: AccountSession, _postId: string, post: RenderedPost, context: PublishContext): Promise<UpdatedPost> {
    const followUp = await this.post(session, { ...post, title: cutToLength(`【更新】${post.title ?? ''}`, TITLE_LIMIT) }, context);
    return { ...followUp, mode: 'follow_up' };
  }

  remove(session: AccountSession, postId: string): Promise<void> {
    const { articleId, massMsgId } = unpackPostId(postId);
    return this.withToken(session, async (token) => {
      if (massMsgId) {
        this.ok(
          await send(
            () =>
              this.http.post('/cgi-bin/message/mass/delete', { msg_id: massMsgId, article_idx: 0 }, { params: { access_token: token } }),
            true,
          ),
        );
        return;
      }
      const response = await send(
        () => this.http.post('/cgi-bin/freepublish/delete', { article_id: articleId, index: 0 }, { params: { access_token: token } }),
        true,
      );
      if (Number(response.data?.errcode) === 53600) return; // no such article any more: already removed
      this.ok(response);
    });
  }

  fetchMetrics(session: AccountSession, postIds: string[]): Promise<PostMetrics[]> {
    const wanted = new Map(postIds.map((postId) => [`${unpackPostId(postId).msgDataId}_1`, postId]));
    return this.withToken(session, async (token) => {
      const day = beijingDate();
      const body = this.ok(
        await send(
          () => this.http.post('/datacube/getarticletotal', { begin_date: day, end_date: day }, { params: { access_token: token } }),
          true,
        ),
      );
      return ((body.list ?? []) as Array<Record<string, any>>).flatMap((row) => {
        const postId = wanted.get(String(row.msgid));
        const latest = (row.details ?? []).at(-1);
        if (!postId || !latest) return [];
        return [
          {
            postId,
            reads: Number(latest.int_page_read_count ?? 0),
            shares: Number(latest.share_count ?? 0),
            likes: Number(latest.add_to_fav_count ?? 0),
            comments: 0,
          },
        ];
      });
    });
  }

  /** The cursor is how many comments of each article were already taken. */
  fetchInbound(session: AccountSession, postIds: string[], cursor: string | null): Promise<InboundPage> {
    const seen: Record<string, number> = cursor ? JSON.parse(cursor) : {};
    return this.withToken(session, async (token) => {
      const messages: InboundMessage[] = [];
      for (const postId of postIds) {
        const { msgDataId } = unpackPostId(postId);
        if (!msgDataId) continue;
        const body = this.ok(
          await send(
            () =>
              this.http.post(
                '/cgi-bin/comment/list',
                { msg_data_id: msgDataId, index: 0, begin: seen[msgDataId] ?? 0, count: COMMENT_PAGE, type: 0 },
                { params: { access_token: token } },
              ),
            true,
          ),
        );
        const comments = (body.comment ?? []) as Array<Record<string, any>>;
        seen[msgDataId] = (seen[msgDataId] ?? 0) + comments.length;
        for (const comment of comments) {
          messages.push({
            platformMessageId: `${msgDataId}:${comment.user_comment_id}`,
            postId,
            text: String(comment.content ?? ''),
            senderRef: String(comment.openid ?? ''),
            receivedAt: new Date(Number(comment.create_time) * 1000),
          });
        }
      }
      return { messages, cursor: JSON.stringify(seen) };
    });
  }

  /** comment/reply/add answers one article comment; the message id carries the article's msg_data_id. */
  reply(session: AccountSession, message: InboundReference, text: string): Promise<void> {
    const [msgDataId, userCommentId] = message.platformMessageId.split(':');
    return this.withToken(session, async (token) => {
      this.ok(
        await send(
          () =>
            this.http.post(
              '/cgi-bin/comment/reply/add',
              { msg_data_id: msgDataId, index: 0, user_comment_id: Number(userCommentId), content: text },
              { params: { access_token: token } },
            ),
          false,
        ),
      );
    });
  }

  findPostByMarker(session: AccountSession, marker: string, exceptPostIds: readonly string[] = []): Promise<PublishedPost | null> {
    return this.withToken(session, async (token) => {
      const body = this.ok(
        await send(
          () =>
            this.http.post('/cgi-bin/freepublish/batchget', { offset: 0, count: 20, no_content: 0 }, { params: { access_token: token } }),
          true,
        ),
      );
      const item = ((body.item ?? []) as Array<Record<string, any>>).find(
        (candidate) =>
          !exceptPostIds.includes(packPostId(String(candidate.article_id), '')) &&
          (candidate.content?.news_item ?? []).some((news: Record<string, string>) =>
            `${news.content_source_url}${news.content}`.includes(marker),
          ),
      );
      return item ? { postId: packPostId(String(item.article_id), ''), url: item.content?.news_item?.[0]?.url } : null;
    });
  }

  /**
   * freepublish is asynchronous: errcode 0 only means accepted; the status says whether it went out.
   * Once submitted, any failure to learn the status leaves the outcome unknown (a retry could publish twice).
   */
  private async awaitPublished(token: string, publishId: string, msgDataId: string): Promise<PublishedPost> {
    for (let poll = 0; poll < PUBLISH_POLLS; poll += 1) {
      let body;
      try {
        body = this.ok(
          await send(
            () => this.http.post('/cgi-bin/freepublish/get', { publish_id: publishId }, { params: { access_token: token } }),
            true,
          ),
        );
      } catch (error) {
        throw new PlatformError(
          PlatformErrorCode.UnknownOutcome,
          `submitted (publish_id ${publishId}) but its status could not be read: ${(error as PlatformError).reason ?? error}`,
        );
      }
      const status = Number(body.publish_status);
      if (status === 0) return { postId: packPostId(String(body.article_id), msgDataId), url: body.article_detail?.item?.[0]?.article_url };
      if (PUBLISH_REFUSED[status])
        throw new PlatformError(PlatformErrorCode.Rejected, `wechat publish ${publishId}: ${PUBLISH_REFUSED[status]}`);
      await new Promise((resolve) => setTimeout(resolve, PUBLISH_POLL_MS * (poll + 1)));
    }
    throw new PlatformError(PlatformErrorCode.UnknownOutcome, `wechat publish ${publishId} still in progress`);
  }

  private withToken<T>(session: AccountSession, call: (token: string) => Promise<T>): Promise<T> {
    return withTokenRefresh(
      session,
      (s) => this.refresh(s),
      async (credentials) => {
        const fresh = credentials.accessToken && Number(credentials.accessTokenExpiresAt ?? 0) > Date.now() + 60_000;
        if (fresh) return call(credentials.accessToken);
        const refreshed = await this.refresh(session);
        session.credentials = refreshed.credentials;
        await session.saveCredentials?.(refreshed);
        return call(refreshed.credentials.accessToken);
      },
    );
  }

  private async refresh(session: AccountSession): Promise<RefreshedCredentials> {
    const { appId, appSecret } = session.credentials;
    const body = this.ok(
      await send(
        () =>
          this.http.post('/cgi-bin/stable_token', {
            grant_type: 'client_credential',
            appid: appId,
            secret: appSecret,
            force_refresh: false,
          }),
        true,
      ),
    );
    const expiresAt = new Date(Date.now() + Number(body.expires_in ?? 7200) * 1000);
    return {
      credentials: { ...session.credentials, accessToken: String(body.access_token), accessTokenExpiresAt: String(expiresAt.getTime()) },
      expiresAt,
    };
  }

  private ok(response: AxiosResponse): any {
    const body = response.data ?? {};
    const code = body.errcode === undefined ? 0 : Number(body.errcode);
    if (response.status === 200 && code === 0) return body;
    const reason = `wechat ${response.status} ${code} ${String(body.errmsg ?? '')}`.trim();
    throw platformFailure(response, code, reason, ERRORS);
  }
}
