import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, type RawBodyRequest, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { verifyWebhook } from '@mb/platforms';
import { admit, dropAnswer, publishingCall } from '../gate';
import { type SimAccount, SimState } from '../sim-state';

publishingCall(/\/webhook\/sites\/[^/]+\/bulletins$/);

type Headers_ = Record<string, string | undefined>;

/**
 * A unit's website receiving signed bulletins. Every request is checked against the site's secret;
 * stale or replayed requests are refused, and a repeated delivery is answered with the post it made.
 */
@Controller('webhook/sites/:siteId')
export class WebhookReceiverController {
  constructor(private readonly state: SimState) {}

  @Post('bulletins')
  @HttpCode(201)
  async receive(
    @Param('siteId') siteId: string,
    @Headers() headers: Headers_,
    @Req() request: RawBodyRequest<Request>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const site = await this.verified(siteId, headers, request, response);
    if (!('accountId' in site)) return site;
    const deliveryKey = headers['x-mb-delivery'];
    const existing = deliveryKey ? this.state.postForIdempotencyKey('webhook', `${siteId}:${deliveryKey}`) : undefined;
    if (existing) {
      response.status(200);
      return { id: existing.id, url: noticeUrl(siteId, existing.id), duplicate: true };
    }
    const bulletin = (request.body as { bulletin?: { title?: string; text?: string; images?: string[] } }).bulletin ?? {};
    if (this.state.bannedWordIn('webhook', siteId, `${bulletin.title}${bulletin.text}`)) {
      response.status(422);
      return { error: 'content refused by the site' };
    }
    const post = this.state.addPost(
      {
        id: this.state.nextId(),
        platform: 'webhook',
        accountId: siteId,
        title: bulletin.title,
        text: bulletin.text ?? '',
        images: bulletin.images ?? [],
        document: bulletin,
      },
      deliveryKey ? `${siteId}:${deliveryKey}` : undefined,
    );
    if (this.state.shouldDrop('webhook', siteId)) return dropAnswer(response);
    return { id: post.id, url: noticeUrl(siteId, post.id) };
  }

  @Put('bulletins/:postId')
  async update(
    @Param('siteId') siteId: string,
    @Param('postId') postId: string,
    @Headers() headers: Headers_,
    @Req() request: RawBodyRequest<Request>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const site = await this.verified(siteId, headers, request, response);
    if (!('accountId' in site)) return site;
    const post = this.state.post('webhook', postId);
    if (!post || post.accountId !== siteId || post.deletedAt) return notFound(response);
    const bulletin = (request.body as { bulletin?: { title?: string; text?: string } }).bulletin ?? {};
    post.edits.push({ at: new Date(this.state.now()).toISOString(), text: post.text });
    post.text = bulletin.text ?? post.text;
    post.title = bulletin.title ?? post.title;
    post.document = bulletin;
    return { id: post.id, url: noticeUrl(siteId, post.id) };
  }

  @Delete('bulletins/:postId')
  @HttpCode(204)
  async remove(
    @Param('siteId') siteId: string,
    @Param('postId') postId: string,
    @Headers() headers: Headers_,
    @Req() request: RawBodyRequest<Request>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const site = await this.verified(siteId, headers, request, response);
    if (!('accountId' in site)) return site;
    const post = this.state.post('webhook', postId);
    if (!post || post.accountId !== siteId) return notFound(response);
    post.deletedAt ??= new Date(this.state.now()).toISOString();
    return undefined;
  }

  @Get('bulletins/:postId/stats')
  async stats(
    @Param('siteId') siteId: string,
    @Param('postId') postId: string,
    @Headers() headers: Headers_,
    @Req() request: RawBodyRequest<Request>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const site = await this.verified(siteId, headers, request, response);
    if (!('accountId' in site)) return site;
    const post = this.state.post('webhook', postId);
    if (!post || post.accountId !== siteId) return notFound(response);
    return { id: post.id, ...this.state.counters(post) };
  }

  @Get('bulletins')
  async search(
    @Param('siteId') siteId: string,
    @Query('marker') marker: string,
    @Headers() headers: Headers_,
    @Req() request: RawBodyRequest<Request>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const site = await this.verified(siteId, headers, request, response);
    if (!('accountId' in site)) return site;
    const found = this.state.postsOf('webhook', siteId).filter((post) => !post.deletedAt && (!marker || post.text.includes(marker)));
    return { items: found.map((post) => ({ id: post.id, url: noticeUrl(siteId, post.id) })) };
  }

  @Get('tips')
  async tips(
    @Param('siteId') siteId: string,
    @Query('since') since: string,
    @Headers() headers: Headers_,
    @Req() request: RawBodyRequest<Request>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const site = await this.verified(siteId, headers, request, response);
    if (!('accountId' in site)) return site;
    const after = BigInt(since && /^\d+$/.test(since) ? since : '0');
    const items = this.state.commentsOf('webhook', siteId).filter((comment) => BigInt(comment.id) > after);
    return {
      items: items.map((comment) => ({
        id: comment.id,
        bulletinPostId: comment.postId,
        text: comment.text,
        from: comment.from,
        receivedAt: comment.createdAt,
      })),
    };
  }

  @Post('tips/:tipId/reply')
  @HttpCode(200)
  async replyToTip(
    @Param('siteId') siteId: string,
    @Param('tipId') tipId: string,
    @Body() body: { text?: string },
    @Headers() headers: Headers_,
    @Req() request: RawBodyRequest<Request>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const site = await this.verified(siteId, headers, request, response);
    if (!('accountId' in site)) return site;
    if (!body?.text) {
      response.status(400);
      return { error: 'text is required' };
    }
    if (!this.state.replyToComment('webhook', siteId, tipId, body.text)) return notFound(response);
    return { ok: true };
  }

  private async verified(
    siteId: string,
    headers: Headers_,
    request: RawBodyRequest<Request>,
    response: Response,
  ): Promise<SimAccount | object> {
    const refused = await admit(this.state, 'webhook', siteId, response, (kind) => ({ error: kind }));
    if (refused) return refused as object;
    const site = this.state.account('webhook', siteId);
    if (!site) return notFound(response);
    const eventId = headers['x-mb-event-id'] ?? '';
    const timestamp = Number(headers['x-mb-timestamp']);
    const rawBody = request.rawBody?.toString('utf8') ?? '';
    // Freshness is about when the request was sent, so real time, not the simulator's movable clock.
    const now = Math.floor(Date.now() / 1000);
    const signed = {
      method: request.method,
      path: request.originalUrl,
      eventId,
      deliveryKey: headers['x-mb-delivery'] ?? '',
      timestamp,
      rawBody,
    };
    const verdict = verifyWebhook(site.credentials.secret, signed, headers['x-mb-signature'] ?? '', now);
    if (verdict !== 'ok') {
      response.status(401);
      return { error: verdict };
    }
    if (!this.state.firstSighting(eventId, now)) {
      response.status(409);
      return { error: 'replayed event' };
    }
    return site;
  }
}

function noticeUrl(siteId: string, postId: string): string {
  return `https://${siteId}.sites.example.gov.cn/notices/${postId}`;
}

function notFound(response: Response) {
  response.status(404);
  return { error: 'not found' };
}
