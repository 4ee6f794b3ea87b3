import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { admit, dropAnswer, publishingCall } from '../gate';
import { type SimAccount, type SimPost, SimState } from '../sim-state';

publishingCall(/\/baijiahao\/builderinner\/open\/resource\/article\/publish$/);

type Json = Record<string, any>;

/** Baidu's envelope: `{errno, errmsg, data}`, HTTP 200 on business errors. */
function answer(data: Json = {}, errno = 0, errmsg = 'success') {
  return { errno, errmsg, data };
}

/**
 * 百家号 as its open content API shows itself to a service provider: Baidu OAuth refresh,
 * article publish (covers as URLs), withdraw, list, statistics, comments and replies.
 */
@Controller('baijiahao')
export class BaijiahaoController {
  constructor(private readonly state: SimState) {}

  @Get('oauth/2.0/token')
  token(@Query() query: Json, @Res({ passthrough: true }) response: Response) {
    const account = this.state.refreshTokenOwner('baijiahao', query.refresh_token);
    const appMatches =
      account && account.credentials.clientId === query.client_id && account.credentials.clientSecret === query.client_secret;
    if (query.grant_type !== 'refresh_token' || !account || !appMatches) {
      response.status(400);
      return { error: 'invalid_grant', error_description: 'refresh token or client credentials invalid' };
    }
    const { token, expiresIn } = this.state.issueToken(account, '121.');
    return {
      access_token: token,
      expires_in: expiresIn,
      refresh_token: query.refresh_token,
      scope: 'basic',
      session_key: '',
      session_secret: '',
    };
  }

  @Post('builderinner/open/resource/article/publish')
  @HttpCode(200)
  async publish(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const title = String(body.title ?? '');
    const content = String(body.content ?? '');
    if ([...title].length < 5 || [...title].length > 30) return answer({}, 20040001, 'title must be 5 to 30 characters');
    if (!content) return answer({}, 20040002, 'content is required');
    const covers = parsedCovers(body.cover_images);
    if (covers === null) return answer({}, 20040003, 'cover_images must be a JSON array');
    if (!Array.isArray(covers) || covers.length > 3) return answer({}, 20040003, 'at most 3 cover images');
    if (this.state.bannedWordIn('baijiahao', caller.accountId, `${title}${content}`))
      return answer({}, 20040114, 'content violates the rules');
    const post = this.state.addPost({
      id: this.state.nextId(),
      platform: 'baijiahao',
      accountId: caller.accountId,
      title,
      text: content,
      images: covers.map((cover) => String(cover.src ?? '')),
      extra: { originUrl: String(body.origin_url ?? '') },
    });
    if (this.state.shouldDrop('baijiahao', caller.accountId)) return dropAnswer(response);
    return answer({ article_id: post.id, url: articleUrl(post) });
  }

  @Post('builderinner/open/resource/article/withdraw')
  @HttpCode(200)
  async withdraw(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const post = this.state.post('baijiahao', String(body.article_id ?? ''));
    if (!post || post.accountId !== caller.accountId || post.deletedAt) return answer({}, 20040404, 'article does not exist');
    post.deletedAt = new Date(this.state.now()).toISOString();
    return answer({ article_id: post.id });
  }

  @Get('builderinner/open/resource/article/list')
  async list(@Query() query: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const start = Number(query.start ?? 0);
    const count = Math.min(Number(query.count ?? 20), 50);
    const articles = this.state
      .postsOf('baijiahao', caller.accountId)
      .filter((post) => !post.deletedAt)
      .reverse()
      .slice(start, start + count);
    return answer({
      list: articles.map((post) => ({
        article_id: post.id,
        title: post.title,
        url: articleUrl(post),
        origin_url: post.extra.originUrl,
        publish_time: Math.floor(Date.parse(post.createdAt) / 1000),
      })),
    });
  }

  @Get('builderinner/open/resource/article/statistics')
  async statistics(@Query() query: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const ids = String(query.article_ids ?? '')
      .split(',')
      .filter(Boolean);
    if (ids.length > 20) return answer({}, 20040003, 'at most 20 article_ids');
    const list = ids.flatMap((id) => {
      const post = this.state.post('baijiahao', id);
      if (!post || post.accountId !== caller.accountId) return [];
      const counters = this.state.counters(post);
      return [
        {
          article_id: id,
          view_count: counters.reads,
          share_count: counters.shares,
          like_count: counters.likes,
          comment_count: counters.comments,
        },
      ];
    });
    return answer({ list });
  }

  @Get('builderinner/open/resource/comment/list')
  async comments(@Query() query: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const start = Number(query.start ?? 0);
    const count = Math.min(Number(query.count ?? 20), 50);
    const all = this.state.commentsOf('baijiahao', caller.accountId, String(query.article_id ?? ''));
    const page = all.slice(start, start + count);
    return answer({
      list: page.map((comment) => ({
        comment_id: comment.id,
        uid: comment.from,
        content: comment.text,
        create_time: Math.floor(Date.parse(comment.createdAt) / 1000),
      })),
      has_more: start + page.length < all.length,
    });
  }

  @Post('builderinner/open/resource/comment/reply')
  @HttpCode(200)
  async reply(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const content = String(body.content ?? '');
    if (!content) return answer({}, 20040002, 'content is required');
    const comment = this.state.replyToComment('baijiahao', caller.accountId, String(body.comment_id ?? ''), content);
    if (!comment) return answer({}, 20040405, 'comment does not exist');
    return answer({ reply_id: this.state.nextId() });
  }

  /** Faults, then the token: an answer body when the call is refused, the account otherwise. */
  private async caller(token: string | undefined, response: Response): Promise<SimAccount | object> {
    const owner = this.state.tokenOwner('baijiahao', token);
    const refused = await admit(this.state, 'baijiahao', owner && owner !== 'expired' ? owner.accountId : undefined, response, (kind) =>
      kind === 'rate_limited' ? answer({}, 18, 'Open api qps request limit reached') : answer({}, 2, 'Service temporarily unavailable'),
    );
    if (refused) return refused as object;
    if (owner === 'expired') return answer({}, 111, 'Access token expired');
    if (!owner) return answer({}, 110, 'Access token invalid or no longer valid');
    return owner;
  }
}

function parsedCovers(raw: unknown): Array<{ src?: string }> | null {
  try {
    return JSON.parse(String(raw ?? '[]'));
  } catch {
    return null;
  }
}

function articleUrl(post: SimPost): string {
  return `https://baijiahao.baidu.com/s?id=${post.id}`;
}
