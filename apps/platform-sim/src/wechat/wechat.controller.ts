import { Body, Controller, HttpCode, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { admit, dropAnswer, publishingCall } from '../gate';
import { type SimAccount, SimState } from '../sim-state';
import { QuotaWindow } from '@mb/vocabulary';

publishingCall(/\/wechat\/cgi-bin\/freepublish\/submit$/);
publishingCall(/\/wechat\/cgi-bin\/message\/mass\/sendall$/);

/** freepublish/submit calls an account may make a day (assumed: the platform shows each account its own figure). */
const PUBLISHES_PER_DAY = 100;
/** Mass sends: one a day for a subscription account, four a calendar month for a service account. */
const MASS_SEND_QUOTA: Record<string, { window: QuotaWindow; limit: number }> = {
  subscription: { window: QuotaWindow.Day, limit: 1 },
  service: { window: QuotaWindow.Month, limit: 4 },
};

type Json = Record<string, any>;

/**
 * The WeChat official-account API: token by appid/secret, cover upload, draft → freepublish,
 * publish status, delete, datacube totals and article comments. Business errors answer HTTP 200
 * with `{errcode, errmsg}`, as the platform does.
 */
@Controller('wechat')
export class WechatController {
  private readonly publishes = new Map<string, { postId: string; status: number }>();
  private readonly drafts = new Map<string, { account: string; articles: Json[] }>();
  private readonly massSends = new Map<string, { postId: string; msgId: string; msgDataId: string }>();

  constructor(private readonly state: SimState) {}

  @Post('cgi-bin/stable_token')
  @HttpCode(200)
  async token(@Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const account = this.state.findAccount('wechat_mp', (candidate) => candidate.credentials.appId === body.appid);
    const refused = await this.refusal(response, account?.accountId);
    if (refused) return refused;
    if (!account) return error(40013, 'invalid appid');
    if (account.credentials.appSecret !== body.secret) return error(40125, 'invalid appsecret');
    const { token, expiresIn } = this.state.issueToken(account, 'wxat_');
    return { access_token: token, expires_in: expiresIn };
  }

  @Post('cgi-bin/material/add_material')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('media', { limits: { fileSize: 10 * 1024 * 1024 } }))
  async addMaterial(
    @Query() query: Json,
    @UploadedFile() media: { size: number; mimetype: string } | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    if (!media) return error(41005, 'media data missing');
    if (!/^image\/(png|jpe?g|gif|bmp)$/.test(media.mimetype)) return error(40005, 'invalid file type');
    const mediaId = `media_${this.state.nextId()}`;
    return { media_id: mediaId, url: `http://mmbiz.qpic.cn/sim/${mediaId}` };
  }

  @Post('cgi-bin/draft/add')
  @HttpCode(200)
  async addDraft(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const articles: Json[] = Array.isArray(body.articles) ? body.articles : [];
    if (articles.length === 0) return error(44003, 'empty news data');
    for (const article of articles) {
      if (!article.title || [...String(article.title)].length > 32) return error(45003, 'title size out of limit');
      if (!article.content || String(article.content).length >= 20000) return error(45002, 'content size out of limit');
      if ((article.article_type ?? 'news') === 'news' && !article.thumb_media_id) return error(40007, 'invalid media_id');
      if (article.digest && [...String(article.digest)].length > 128) return error(45004, 'description size out of limit');
      if (this.state.bannedWordIn('wechat_mp', caller.accountId, `${article.title}${article.content}`))
        return error(45166, 'invalid content');
    }
    const mediaId = `draft_${this.state.nextId()}`;
    this.drafts.set(mediaId, { account: caller.accountId, articles });
    return { media_id: mediaId };
  }

  @Post('cgi-bin/freepublish/submit')
  @HttpCode(200)
  async submit(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const draft = this.drafts.get(body.media_id);
    if (!draft || draft.account !== caller.accountId) return error(53503, 'draft is not valid for publishing');
    const quota = this.state.postQuota('wechat_mp', caller.accountId, PUBLISHES_PER_DAY);
    if (!this.state.takeQuota('wechat_mp', caller.accountId, 'publish', QuotaWindow.Day, quota))
      return error(45009, 'reach max api daily quota limit');
    this.drafts.delete(body.media_id);
    const article = draft.articles[0];
    const publishId = this.state.nextId();
    const msgDataId = this.state.nextId();
    const post = this.state.addPost({
      id: `art_${publishId}`,
      platform: 'wechat_mp',
      accountId: caller.accountId,
      title: article.title,
      text: String(article.content),
      images: [],
      extra: { msgDataId, publishId, sourceUrl: article.content_source_url ?? '' },
    });
    this.publishes.set(publishId, { postId: post.id, status: 0 });
    if (this.state.shouldDrop('wechat_mp', caller.accountId)) return dropAnswer(response);
    return { errcode: 0, errmsg: 'ok', publish_id: publishId, msg_data_id: msgDataId };
  }

  /** 群发 of a draft to every follower, within the account's mass-send quota; a repeated clientmsgid answers with the first send. */
  @Post('cgi-bin/message/mass/sendall')
  @HttpCode(200)
  async massSend(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const clientMsgId = body.clientmsgid === undefined ? undefined : String(body.clientmsgid);
    if (clientMsgId && clientMsgId.length > 64) return error(45067, 'clientmsgid size out of limit');
    const earlier = clientMsgId ? this.massSends.get(`${caller.accountId}:${clientMsgId}`) : undefined;
    if (earlier) return { ...error(45065, 'clientmsgid exist'), msg_id: earlier.msgId, msg_data_id: earlier.msgDataId };
    if (body.msgtype !== 'mpnews' || body.filter?.is_to_all !== true) return error(40008, 'invalid message type');
    const draft = this.drafts.get(body.mpnews?.media_id);
    if (!draft || draft.account !== caller.accountId) return error(40007, 'invalid media_id');
    const quota = MASS_SEND_QUOTA[(caller as SimAccount).accountClass ?? 'subscription'];
    if (!this.state.takeQuota('wechat_mp', caller.accountId, 'mass', quota.window, quota.limit))
      return error(45028, 'has no masssend quota');
    this.drafts.delete(body.mpnews.media_id);
    const article = draft.articles[0];
    const msgId = this.state.nextId();
    const msgDataId = this.state.nextId();
    const post = this.state.addPost({
      id: `mass_${msgId}`,
      platform: 'wechat_mp',
      accountId: caller.accountId,
      title: article.title,
      text: String(article.content),
      images: [],
      extra: { msgDataId, massMsgId: msgId, pushed: 'true', sourceUrl: article.content_source_url ?? '' },
    });
    if (clientMsgId) this.massSends.set(`${caller.accountId}:${clientMsgId}`, { postId: post.id, msgId, msgDataId });
    if (this.state.shouldDrop('wechat_mp', caller.accountId)) return dropAnswer(response);
    return { errcode: 0, errmsg: 'send job submission success', msg_id: Number(msgId), msg_data_id: Number(msgDataId) };
  }

  @Post('cgi-bin/message/mass/delete')
  @HttpCode(200)
  async deleteMassSend(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const post = this.state.post('wechat_mp', `mass_${body.msg_id}`);
    if (!post || post.accountId !== caller.accountId) return error(40007, 'invalid msg_id');
    post.deletedAt ??= new Date(this.state.now()).toISOString();
    return error(0, 'ok');
  }

  @Post('cgi-bin/freepublish/get')
  @HttpCode(200)
  async publishStatus(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const publish = this.publishes.get(String(body.publish_id));
    if (!publish) return error(53502, 'invalid publish_id');
    const post = this.state.post('wechat_mp', publish.postId)!;
    return {
      publish_id: body.publish_id,
      publish_status: post.deletedAt ? 5 : publish.status,
      article_id: post.id,
      article_detail: { count: 1, item: [{ idx: 1, article_url: articleUrl(post.id) }] },
      fail_idx: [],
    };
  }

  @Post('cgi-bin/freepublish/batchget')
  @HttpCode(200)
  async published(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const count = Math.min(Number(body.count ?? 20), 20);
    const offset = Number(body.offset ?? 0);
    const live = this.state
      .postsOf('wechat_mp', caller.accountId)
      // Only freepublished articles are listed here; mass sends are not.
      .filter((post) => !post.deletedAt && !post.extra.massMsgId)
      .reverse();
    return {
      total_count: live.length,
      item_count: Math.min(count, Math.max(0, live.length - offset)),
      item: live.slice(offset, offset + count).map((post) => ({
        article_id: post.id,
        content: {
          news_item: [
            {
              title: post.title,
              content: body.no_content ? '' : post.text,
              content_source_url: post.extra.sourceUrl,
              url: articleUrl(post.id),
            },
          ],
        },
        update_time: Math.floor(Date.parse(post.createdAt) / 1000),
      })),
    };
  }

  @Post('cgi-bin/freepublish/delete')
  @HttpCode(200)
  async remove(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const post = this.state.post('wechat_mp', String(body.article_id));
    if (!post || post.accountId !== caller.accountId || post.deletedAt) return error(53600, 'invalid article_id');
    post.deletedAt = new Date(this.state.now()).toISOString();
    return error(0, 'ok');
  }

  @Post('datacube/getarticletotal')
  @HttpCode(200)
  async articleTotals(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(body.begin_date ?? '') || body.begin_date !== body.end_date) return error(61501, 'date range error');
    const statDate = new Date(this.state.now()).toISOString().slice(0, 10);
    return {
      list: this.state.postsOf('wechat_mp', caller.accountId).map((post) => {
        const counters = this.state.counters(post);
        return {
          ref_date: body.begin_date,
          msgid: `${post.extra.msgDataId}_1`,
          title: post.title,
          details: [
            {
              stat_date: statDate,
              target_user: 0,
              int_page_read_user: counters.reads,
              int_page_read_count: counters.reads,
              share_user: counters.shares,
              share_count: counters.shares,
              add_to_fav_user: counters.likes,
              add_to_fav_count: counters.likes,
            },
          ],
        };
      }),
    };
  }

  @Post('cgi-bin/comment/list')
  @HttpCode(200)
  async comments(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    if (Number(body.count) >= 50) return error(40097, 'invalid args: count must be below 50');
    const post = this.state
      .postsOf('wechat_mp', caller.accountId)
      .find((candidate) => candidate.extra.msgDataId === String(body.msg_data_id));
    if (!post) return error(88000, 'without comment privilege');
    const all = this.state.commentsOf('wechat_mp', caller.accountId, post.id);
    const begin = Number(body.begin ?? 0);
    return {
      errcode: 0,
      errmsg: 'ok',
      total: all.length,
      comment: all.slice(begin, begin + Number(body.count)).map((comment) => ({
        user_comment_id: Number(comment.id),
        openid: comment.from,
        create_time: Math.floor(Date.parse(comment.createdAt) / 1000),
        content: comment.text,
        comment_type: 0,
      })),
    };
  }

  @Post('cgi-bin/comment/reply/add')
  @HttpCode(200)
  async replyToComment(@Query() query: Json, @Body() body: Json, @Res({ passthrough: true }) response: Response) {
    const caller = await this.caller(query.access_token, response);
    if (!('accountId' in caller)) return caller;
    const content = String(body.content ?? '');
    if (!content) return error(44003, 'empty content');
    const comment = this.state.replyToComment('wechat_mp', caller.accountId, String(body.user_comment_id ?? ''), content);
    if (!comment) return error(88000, 'without comment privilege');
    return { errcode: 0, errmsg: 'ok' };
  }

  private async refusal(response: Response, accountId?: string) {
    const refused = await admit(this.state, 'wechat_mp', accountId, response, (kind) =>
      kind === 'rate_limited' ? error(45011, 'api minute-quota reach limit, must slower, retry next minute') : error(-1, 'system error'),
    );
    return refused;
  }

  private async caller(token: string | undefined, response: Response): Promise<SimAccount | object> {
    const owner = this.state.tokenOwner('wechat_mp', token);
    const refused = await this.refusal(response, owner && owner !== 'expired' ? owner.accountId : undefined);
    if (refused) return refused as object;
    if (!token) return error(41001, 'access_token missing');
    if (owner === 'expired') return error(42001, 'access_token expired');
    if (!owner) return error(40001, 'invalid credential, access_token is invalid or not latest');
    return owner;
  }
}

function error(errcode: number, errmsg: string) {
  return { errcode, errmsg: errcode === 0 ? errmsg : `${errmsg} rid: sim-${errcode}` };
}

function articleUrl(articleId: string): string {
  return `https://mp.weixin.qq.com/s/${articleId}`;
}
