import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SimState } from '../sim-state';

const SHARE_PATH = '/2/statuses/share.json';

/** Weibo counts two Latin characters as one Chinese character. */
function weiboCharacters(text: string): number {
  let halves = 0;
  for (const character of text) halves += character.charCodeAt(0) < 0x80 ? 1 : 2;
  return Math.ceil(halves / 2);
}

/** The Weibo open API's shapes: form-encoded requests, `{request, error_code, error}` failures. */
@Controller('weibo/2')
export class WeiboController {
  constructor(private readonly state: SimState) {}

  @Post('statuses/share.json')
  @HttpCode(200)
  async share(@Body() form: Record<string, string>, @Res({ passthrough: true }) response: Response) {
    if ((await this.state.applyFaults()) === 'unavailable') return fail(response, 503, 10002, 'service unavailable');
    const token = form.access_token;
    if (!token) return fail(response, 403, 21301, 'auth faild!');
    const account = this.state.accountByToken('weibo', token);
    if (!account) return fail(response, 401, 21332, 'invalid_access_token');
    const status = form.status ?? '';
    if (!status) return fail(response, 400, 10016, 'miss required parameter (status)');
    if (weiboCharacters(status) > 140) return fail(response, 400, 20012, 'Text too long, please input text less than 140 characters!');
    if (/#[^#\s]+#/.test(status)) return fail(response, 400, 10017, 'parameter (status) value invalid: topic markers are not allowed');
    if (!/https?:\/\/\S+/.test(status)) return fail(response, 400, 10017, 'parameter (status) value invalid: a link on the bound domain is required');
    const previous = this.state.postsOf('weibo', account.accountId).at(-1);
    if (previous && previous.text === status && !previous.deletedAt) return fail(response, 400, 20019, 'Repeated weibo text!');

    const id = this.state.nextPostId();
    const createdAt = new Date();
    this.state.addPost({
      id,
      platform: 'weibo',
      accountId: account.accountId,
      text: status,
      images: form.pic_url ? [form.pic_url] : [],
      createdAt: createdAt.toISOString(),
      edits: [],
    });
    return {
      created_at: createdAt.toUTCString(),
      id: Number(id),
      idstr: id,
      mid: id,
      text: status,
      source: '<a href="https://open.weibo.com" rel="nofollow">Matrix Broadcast</a>',
      favorited: false,
      truncated: false,
      reposts_count: 0,
      comments_count: 0,
      attitudes_count: 0,
      user: { id: Number(account.accountId) || account.accountId, idstr: account.accountId },
    };
  }
}

function fail(response: Response, httpStatus: number, code: number, message: string) {
  response.status(httpStatus);
  return { request: SHARE_PATH, error_code: code, error: message };
}
