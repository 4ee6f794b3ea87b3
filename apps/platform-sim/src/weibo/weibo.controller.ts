import { QuotaWindow } from '@mb/vocabulary';
import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { admit, dropAnswer, publishingCall } from '../gate';
import { type SimAccount, type SimPost, SimState } from '../sim-state';

publishingCall(/\/weibo\/2\/statuses\/share\.json$/);

/** Weibo counts two Latin characters as one Chinese character. */
function weiboCharacters(text: string): number {
  let halves = 0;
  for (const character of text) halves += character.charCodeAt(0) < 0x80 ? 1 : 2;
  return Math.ceil(halves / 2);
}

type Form = Record<string, string | undefined>;

/** Posts one authorised user may make an hour (the open platform's published example). */
const POSTS_PER_HOUR = 30;

/** The Weibo open API's shapes: form-encoded requests, `{request, error_code, error}` failures. */
@Controller('weibo')
export class WeiboController {
  constructor(private readonly state: SimState) {}

  @Post('oauth2/access_token')
  @HttpCode(200)
  refresh(@Body() form: Form, @Res({ passthrough: true }) response: Response) {
    if (form.grant_type !== 'refresh_token') return fail(response, '/oauth2/access_token', 400, 21328, 'unsupported_grant_type');
    const account = this.state.refreshTokenOwner('weibo', form.refresh_token);
    if (!account) return fail(response, '/oauth2/access_token', 400, 21325, 'invalid_grant');
    const { token, expiresIn } = this.state.issueToken(account, '2.00');
    return {
      access_token: token,
      expires_in: expiresIn,
      remind_in: String(expiresIn),
      uid: account.accountId,
      refresh_token: form.refresh_token,
    };
  }

  @Post('2/statuses/share.json')
  @HttpCode(200)
  async share(@Body() form: Form, @Res({ passthrough: true }) response: Response) {
    const path = '/2/statuses/share.json';
    const caller = await this.caller(form.access_token, path, response);
    if (!('accountId' in caller)) return caller;
    const status = form.status ?? '';
    if (!status) return fail(response, path, 400, 10016, 'miss required parameter (status)');
    if (weiboCharacters(status) > 140)
      return fail(response, path, 400, 20012, 'Text too long, please input text less than 140 characters!');
    if (/#[^#\s]+#/.test(status))
      return fail(response, path, 400, 10017, 'parameter (status) value invalid: topic markers are not allowed');
    if (!/https?:\/\/\S+/.test(status))
      return fail(response, path, 400, 10017, 'parameter (status) value invalid: a link on the bound domain is required');
    if (this.state.bannedWordIn('weibo', caller.accountId, status)) return fail(response, path, 400, 20021, 'content is illegal!');
    const previous = this.state
      .postsOf('weibo', caller.accountId)
      .filter((post) => !post.deletedAt)
      .at(-1);
    if (previous && previous.text === status) return fail(response, path, 400, 20019, 'Repeated weibo text!');
    const hourly = this.state.postQuota('weibo', caller.accountId, POSTS_PER_HOUR);
    if (!this.state.takeQuota('weibo', caller.accountId, 'post', QuotaWindow.Hour, hourly))
      return fail(response, path, 400, 20016, 'Out of limit!');
    const post = this.state.addPost({
      id: this.state.nextId(),
      platform: 'weibo',
      accountId: caller.accountId,
      text: status,
      images: form.pic_url ? [form.pic_url] : [],
    });
    if (this.state.shouldDrop('weibo', caller.accountId)) return dropAnswer(response);
    return statusObject(post, caller);
  }

  @Post('2/statuses/destroy.json')
  @HttpCode(200)
  async destroy(@Body() form: Form, @Res({ passthrough: true }) response: Response) {
    const path = '/2/statuses/destroy.json';
    const caller = await this.caller(form.access_token, path, response);
    if (!('accountId' in caller)) return caller;
    const post = this.state.post('weibo', form.id ?? '');
    if (!post || post.deletedAt) return fail(response, path, 400, 20101, 'Target weibo does not exist!');
    if (post.accountId !== caller.accountId) return fail(response, path, 400, 20102, 'Not your own weibo!');
    post.deletedAt = new Date(this.state.now()).toISOString();
    return statusObject(post, caller);
  }

  @Post('2/comments/create.json')
  @HttpCode(200)
  async comment(@Body() form: Form, @Res({ passthrough: true }) response: Response) {
    const path = '/2/comments/create.json';
    const caller = await this.caller(form.access_token, path, response);
    if (!('accountId' in caller)) return caller;
    const post = this.state.post('weibo', form.id ?? '');
    if (!post || post.deletedAt) return fail(response, path, 400, 20101, 'Target weibo does not exist!');
    const text = form.comment ?? '';
    if (!text || weiboCharacters(text) > 140) return fail(response, path, 400, 20012, 'comment must be 1-140 characters');
    post.followUps.push({ at: new Date(this.state.now()).toISOString(), text });
    return { id: Number(this.state.nextId()), text, status: { idstr: post.id } };
  }

  @Post('2/comments/reply.json')
  @HttpCode(200)
  async replyToComment(@Body() form: Form, @Res({ passthrough: true }) response: Response) {
    const path = '/2/comments/reply.json';
    const caller = await this.caller(form.access_token, path, response);
    if (!('accountId' in caller)) return caller;
    const text = form.comment ?? '';
    if (!text || weiboCharacters(text) > 140) return fail(response, path, 400, 20012, 'comment must be 1-140 characters');
    const comment = this.state.replyToComment('weibo', caller.accountId, form.cid ?? '', text);
    if (!comment) return fail(response, path, 400, 20201, 'Target weibo comment does not exist');
    return { id: Number(this.state.nextId()), text, reply_comment: { idstr: comment.id } };
  }

  @Get('2/statuses/user_timeline.json')
  async timeline(@Query() query: Form, @Res({ passthrough: true }) response: Response) {
    const path = '/2/statuses/user_timeline.json';
    const caller = await this.caller(query.access_token, path, response);
    if (!('accountId' in caller)) return caller;
    const count = Math.min(Number(query.count ?? 20), 100);
    const statuses = this.state
      .postsOf('weibo', caller.accountId)
      .filter((post) => !post.deletedAt)
      .slice(-count)
      .reverse();
    return { statuses: statuses.map((post) => statusObject(post, caller)), total_number: statuses.length };
  }

  /** Read counts are only in the commercial count_sp API (media accounts, which government accounts are). */
  @Get('2/media_statuses/count_sp/biz.json')
  async counts(@Query() query: Form, @Res({ passthrough: true }) response: Response) {
    const path = '/2/media_statuses/count_sp/biz.json';
    const caller = await this.caller(query.access_token, path, response);
    if (!('accountId' in caller)) return caller;
    const ids = (query.ids ?? '').split(',').filter(Boolean);
    if (ids.length > 100) return fail(response, path, 400, 10017, 'parameter (ids) value invalid: at most 100');
    return ids.flatMap((id) => {
      const post = this.state.post('weibo', id);
      if (!post) return [];
      const counters = this.state.counters(post);
      return [
        {
          id: Number(id),
          idstr: id,
          reads: counters.reads,
          reposts: counters.shares,
          comments: counters.comments,
          attitudes: counters.likes,
        },
      ];
    });
  }

  @Get('2/comments/to_me.json')
  async toMe(@Query() query: Form, @Res({ passthrough: true }) response: Response) {
    const path = '/2/comments/to_me.json';
    const caller = await this.caller(query.access_token, path, response);
    if (!('accountId' in caller)) return caller;
    const since = BigInt(query.since_id ?? '0');
    const count = Math.min(Number(query.count ?? 50), 200);
    const comments = this.state
      .commentsOf('weibo', caller.accountId)
      .filter((comment) => BigInt(comment.id) > since)
      .slice(0, count)
      .reverse();
    return {
      comments: comments.map((comment) => ({
        created_at: new Date(comment.createdAt).toUTCString(),
        id: Number(comment.id),
        idstr: comment.id,
        text: comment.text,
        user: { id: comment.from, idstr: comment.from },
        status: comment.postId ? { idstr: comment.postId } : undefined,
      })),
      total_number: comments.length,
    };
  }

  /** Faults, then the token: an answer body when the call is refused, the account otherwise. */
  private async caller(token: string | undefined, path: string, response: Response): Promise<SimAccount | object> {
    const owner = this.state.tokenOwner('weibo', token);
    const refused = await admit(this.state, 'weibo', owner && owner !== 'expired' ? owner.accountId : undefined, response, (refusal) =>
      refusal === 'rate_limited'
        ? { request: path, error_code: 10023, error: 'User requests out of rate limit!' }
        : { request: path, error_code: 10002, error: 'service unavailable' },
    );
    if (refused) return refused as object;
    if (!token) return fail(response, path, 403, 21301, 'auth faild!');
    if (owner === 'expired') return fail(response, path, 401, 21327, 'expired_token');
    if (!owner) return fail(response, path, 401, 21332, 'invalid_access_token');
    return owner;
  }
}

function statusObject(post: SimPost, account: SimAccount) {
  return {
    created_at: new Date(post.createdAt).toUTCString(),
    id: Number(post.id),
    idstr: post.id,
    mid: post.id,
    text: post.text,
    source: '<a href="https://open.weibo.com" rel="nofollow">Matrix Broadcast</a>',
    favorited: false,
    truncated: false,
    reposts_count: 0,
    comments_count: 0,
    attitudes_count: 0,
    user: { id: Number(account.accountId) || account.accountId, idstr: account.accountId },
  };
}

function fail(response: Response, request: string, httpStatus: number, code: number, message: string) {
  response.status(httpStatus);
  return { request, error_code: code, error: message };
}
