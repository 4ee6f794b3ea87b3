import { Controller, Headers, HttpCode, Param, Post, RawBodyRequest, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { verifyWebhook } from '@mb/platforms';
import { SimState } from '../sim-state';

/**
 * A unit's website receiving signed bulletins. It checks the signature with the site's secret,
 * refuses stale or replayed requests, and answers a repeated delivery with the post it already made.
 */
@Controller('webhook/sites')
export class WebhookReceiverController {
  constructor(private readonly state: SimState) {}

  @Post(':siteId/bulletins')
  @HttpCode(201)
  async receive(
    @Param('siteId') siteId: string,
    @Headers() headers: Record<string, string | undefined>,
    @Req() request: RawBodyRequest<Request>,
    @Res({ passthrough: true }) response: Response,
  ) {
    if ((await this.state.applyFaults()) === 'unavailable') {
      response.status(503);
      return { error: 'unavailable' };
    }
    const site = this.state.account('webhook', siteId);
    if (!site) {
      response.status(404);
      return { error: 'unknown site' };
    }
    const eventId = headers['x-mb-event-id'] ?? '';
    const timestamp = Number(headers['x-mb-timestamp']);
    const rawBody = request.rawBody?.toString('utf8') ?? '';
    const now = Math.floor(Date.now() / 1000);
    const verdict = verifyWebhook(site.credentials.secret, eventId, timestamp, rawBody, headers['x-mb-signature'] ?? '', now);
    if (verdict !== 'ok') {
      response.status(401);
      return { error: verdict };
    }
    if (!this.state.firstSighting(eventId, now)) {
      response.status(409);
      return { error: 'replayed event' };
    }
    const deliveryKey = headers['x-mb-delivery'];
    const existing = deliveryKey ? this.state.postForIdempotencyKey('webhook', `${siteId}:${deliveryKey}`) : undefined;
    if (existing) {
      response.status(200);
      return { id: existing.id, url: `https://site-${siteId}.example.gov.cn/notices/${existing.id}`, duplicate: true };
    }
    const bulletin = (request.body as { bulletin?: { title?: string; text?: string; images?: string[] } }).bulletin ?? {};
    const id = this.state.nextPostId();
    this.state.addPost(
      {
        id,
        platform: 'webhook',
        accountId: siteId,
        title: bulletin.title,
        text: bulletin.text ?? '',
        images: bulletin.images ?? [],
        document: bulletin,
        createdAt: new Date().toISOString(),
        edits: [],
      },
      deliveryKey ? `${siteId}:${deliveryKey}` : undefined,
    );
    return { id, url: `https://site-${siteId}.example.gov.cn/notices/${id}` };
  }
}
