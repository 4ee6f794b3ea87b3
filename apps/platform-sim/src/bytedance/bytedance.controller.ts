import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { admit, dropAnswer, publishingCall } from '../gate';
import { type SimAccount, SimState } from '../sim-state';

publishingCall(/\/(douyin|toutiao)\/.*\/create_image_text\/?$/);

type Json = Record<string, any>;

/** Douyin's classic envelope: `{data: {error_code, description, ...}, extra: {...}}`, HTTP 200 on business errors. */
function envelope(data: Json, errorCode = 0, description = '') {
  return {
    data: { ...data, error_code: errorCode, description },
    extra: { error_code: errorCode, description, sub_error_code: 0, sub_description: '', logid: `sim${Date.now()}`, now: Date.now() },
  };
}

/**
 * The ByteDance open platform as Douyin serves it: OAuth refresh, image upload, image-text posts,
 * delete, video data, comments. Toutiao is modelled with the same conventions on its own prefix
 * (its article API is not public; see the README).
 */
abstract class ByteDanceController {
  private readonly images = new Set<string>();

  protected constructor(
    protected readonly state: SimState,
    private readonly platform: 'douyin' | 'toutiao',
  ) {}

  @Post('oauth/refresh_token')
  @HttpCode(200)
  refresh(@Body() form: Json) {
    const account = this.state.refreshTokenOwner(this.platform, form.refresh_token);
    if (form.grant_type !== 'refresh_token' || !account || account.credentials.clientKey !== form.client_key) {
      return { data: { error_code: 10010, description: 'refresh_token expired' }, message: 'error' };
    }
    const { token, expiresIn } = this.state.issueToken(account, 'act.');
    return {
      data: {
        access_token: token,
        expires_in: expiresIn,
        refresh_token: form.refresh_token,
        refresh_expires_in: this.state.refreshTokenSecondsLeft(this.platform, form.refresh_token),
        open_id: account.accountId,
        scope: 'video.create,video.delete,item.comment,data.external.item',
        error_code: 0,
        description: '',
      },
      message: 'success',
    };
  }

  @Post('api/douyin/v1/video/upload_image')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('image', { limits: { fileSize: 100 * 1024 * 1024 } }))
  async uploadImage(
    @Query() query: Json,
    @Headers('access-token') token: string,
    @UploadedFile() image: { mimetype: string } | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const caller = await this.caller(token, query.open_id, response);
    if (!('accountId' in caller)) return caller;
    if (!image || !image.mimetype.startsWith('image/')) return envelope({}, 28001007, 'invalid parameter: image');
    const imageId = `img_${this.state.nextId()}`;
    this.images.add(imageId);
    return envelope({ image: { image_id: imageId, width: 300, height: 200 } });
  }

  @Post('api/douyin/v1/video/create_image_text')
  @HttpCode(200)
  async create(
    @Query() query: Json,
    @Headers('access-token') token: string,
    @Body() body: Json,
    @Res({ passthrough: true }) response: Response,
  ) {
    const caller = await this.caller(token, query.open_id, response);
    if (!('accountId' in caller)) return caller;
    const imageList: string[] = Array.isArray(body.image_list) ? body.image_list : [];
    if (imageList.length === 0 || imageList.some((id) => !this.images.has(id)))
      return envelope({}, 28001007, 'invalid parameter: image_list');
    const text = String(body.text ?? '');
    if ([...text].length > 1000) return envelope({}, 28001007, 'invalid parameter: text too long');
    if (this.state.bannedWordIn(this.platform, caller.accountId, text)) return envelope({}, 28003020, 'content violates community rules');
    const post = this.state.addPost({
      id: this.state.nextId(),
      platform: this.platform,
      accountId: caller.accountId,
      text,
      images: imageList,
    });
    if (this.state.shouldDrop(this.platform, caller.accountId)) return dropAnswer(response);
    return envelope({ item_id: `@${post.id}` });
  }

  @Post('video/delete')
  @HttpCode(200)
  async remove(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, query.open_id, response);
    if (!('accountId' in caller)) return caller;
    const post = this.state.post(this.platform, String(body.item_id ?? '').replace(/^@/, ''));
    if (!post || post.accountId !== caller.accountId || post.deletedAt) return envelope({}, 28001007, 'invalid parameter: item_id');
    post.deletedAt = new Date(this.state.now()).toISOString();
    return envelope({});
  }

  @Post('api/douyin/v1/video/video_data')
  @HttpCode(200)
  async data(
    @Query() query: Json,
    @Headers('access-token') token: string,
    @Body() body: Json,
    @Res({ passthrough: true }) response: Response,
  ) {
    const caller = await this.caller(token, query.open_id, response);
    if (!('accountId' in caller)) return caller;
    const ids: string[] = Array.isArray(body.item_ids) ? body.item_ids : [];
    if (ids.length > 20) return envelope({}, 28001007, 'invalid parameter: at most 20 item_ids');
    const list = ids.flatMap((itemId) => {
      const post = this.state.post(this.platform, itemId.replace(/^@/, ''));
      if (!post || post.accountId !== caller.accountId) return [];
      const counters = this.state.counters(post);
      return [
        {
          item_id: itemId,
          title: post.text.slice(0, 30),
          video_status: post.deletedAt ? 2 : 1,
          create_time: Math.floor(Date.parse(post.createdAt) / 1000),
          media_type: 2,
          statistics: {
            play_count: counters.reads,
            digg_count: counters.likes,
            comment_count: counters.comments,
            share_count: counters.shares,
            forward_count: 0,
            download_count: 0,
          },
        },
      ];
    });
    return envelope({ list });
  }

  @Get('api/douyin/v1/video/video_list')
  async list(@Query() query: Json, @Headers('access-token') token: string, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(token, query.open_id, response);
    if (!('accountId' in caller)) return caller;
    const count = Math.min(Number(query.count ?? 10), 20);
    const posts = this.state
      .postsOf(this.platform, caller.accountId)
      .filter((post) => !post.deletedAt)
      .reverse()
      .slice(0, count);
    return envelope({
      list: posts.map((post) => ({ item_id: `@${post.id}`, title: post.text, create_time: Math.floor(Date.parse(post.createdAt) / 1000) })),
      cursor: 0,
      has_more: false,
    });
  }

  @Get('item/comment/list')
  async comments(@Query() query: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, query.open_id, response);
    if (!('accountId' in caller)) return caller;
    const postId = String(query.item_id ?? '').replace(/^@/, '');
    const cursor = Number(query.cursor ?? 0);
    const count = Math.min(Number(query.count ?? 20), 50);
    const all = this.state.commentsOf(this.platform, caller.accountId, postId);
    const page = all.slice(cursor, cursor + count);
    return envelope({
      list: page.map((comment) => ({
        comment_id: comment.id,
        comment_user_id: comment.from,
        content: comment.text,
        create_time: Math.floor(Date.parse(comment.createdAt) / 1000),
        digg_count: 0,
        reply_comment_total: 0,
        top: false,
      })),
      cursor: cursor + page.length,
      has_more: cursor + page.length < all.length,
    });
  }

  @Post('item/comment/reply')
  @HttpCode(200)
  async reply(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, query.open_id, response);
    if (!('accountId' in caller)) return caller;
    const post = this.state.post(this.platform, String(body.item_id ?? '').replace(/^@/, ''));
    if (!post || post.deletedAt) return envelope({}, 28001007, 'invalid parameter: item_id');
    const content = String(body.content ?? '');
    if (body.comment_id !== undefined) {
      // An answer under a comment; without comment_id the account comments on its own video.
      if (!this.state.replyToComment(this.platform, caller.accountId, String(body.comment_id), content))
        return envelope({}, 28001007, 'invalid parameter: comment_id');
    } else {
      post.followUps.push({ at: new Date(this.state.now()).toISOString(), text: content });
    }
    return envelope({ comment_id: this.state.nextId() });
  }

  private async caller(token: string | undefined, openId: string | undefined, response: Response): Promise<SimAccount | object> {
    const owner = this.state.tokenOwner(this.platform, token);
    const refused = await admit(this.state, this.platform, owner && owner !== 'expired' ? owner.accountId : undefined, response, (kind) =>
      kind === 'rate_limited' ? envelope({}, 28003018, 'request frequency too high') : envelope({}, 28001005, 'system busy'),
    );
    if (refused) return refused as object;
    if (owner === 'expired') return envelope({}, 28001008, 'access_token expired');
    if (!owner) return envelope({}, 28001003, 'access_token invalid');
    if (owner.accountId !== openId) return envelope({}, 28001015, 'access_token and open_id mismatch');
    return owner;
  }
}

@Controller('douyin')
export class DouyinController extends ByteDanceController {
  constructor(state: SimState) {
    super(state, 'douyin');
  }
}

@Controller('toutiao')
export class ToutiaoController extends ByteDanceController {
  constructor(state: SimState) {
    super(state, 'toutiao');
  }
}
