import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { Platform } from '@mb/vocabulary';
import { defaultCard, multipartUpload, signWebhook } from '@mb/platforms';

/**
 * The platforms the bare client knows how to post to, and so the platforms the fan-out benches
 * spread their accounts over: a platform added to the engine joins them once its bare calls are here.
 */
export const BARE_PLATFORMS: readonly Platform[] = [Platform.WechatMp, Platform.Weibo, Platform.Douyin, Platform.Toutiao, Platform.Webhook];

/** An account as the bench creates it: the platform's id for it and the credentials it was registered with. */
export interface BareAccount {
  platform: Platform;
  platformAccountId: string;
  credentials: Record<string, string>;
}

const TEXT = '悬赏通缉犯罪嫌疑人张某某，男，1990年出生，身高175厘米。2026年11月1日，龙口市发生一起故意伤害案，嫌疑人作案后逃离。';

/**
 * The least a client must send to put one post on an account of each platform, straight to the
 * simulator through one undici Pool: the same calls the platform's publish needs (WeChat's token,
 * cover, draft, submit and status; an image upload then the post on Douyin and Toutiao; one call on
 * Weibo and on a webhook site) and nothing else — no queue, no database, no rendering. The cover is
 * the engine's bulletin card, encoded once as the engine encodes it.
 */
export class BarePoster {
  private readonly pool: Pool;
  private sequence = 0;

  constructor(
    private readonly simUrl: string,
    connections: number,
  ) {
    this.pool = new Pool(simUrl, { connections });
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  async post(account: BareAccount): Promise<void> {
    this.sequence += 1;
    const text = `${TEXT} 提供线索：${this.simUrl}/t/${this.sequence}`;
    switch (account.platform) {
      case Platform.WechatMp:
        return this.wechat(account, text);
      case Platform.Weibo:
        await this.call(
          '/weibo/2/statuses/share.json',
          new URLSearchParams({ access_token: account.credentials.accessToken, status: text.slice(0, 120), rip: '127.0.0.1' }).toString(),
          {
            'content-type': 'application/x-www-form-urlencoded',
          },
        );
        return;
      case Platform.Douyin:
      case Platform.Toutiao:
        return this.bytedance(account, text);
      case Platform.Webhook:
        return this.webhook(account, text);
    }
  }

  private async wechat(account: BareAccount, text: string): Promise<void> {
    const token = await this.call(
      '/wechat/cgi-bin/stable_token',
      JSON.stringify({ grant_type: 'client_credential', appid: account.credentials.appId, secret: account.credentials.appSecret }),
    );
    const query = `access_token=${encodeURIComponent(token.access_token)}`;
    const upload = await multipartUpload('media', defaultCard());
    const cover = await this.call(`/wechat/cgi-bin/material/add_material?${query}&type=image`, upload.body, {
      'content-type': upload.headers['Content-Type'],
    });
    const article = {
      article_type: 'news',
      title: '悬赏通缉',
      content: `<p>${text}</p>`,
      content_source_url: this.simUrl,
      thumb_media_id: cover.media_id,
      need_open_comment: 1,
    };
    const draft = await this.call(`/wechat/cgi-bin/draft/add?${query}`, JSON.stringify({ articles: [article] }));
    const submitted = await this.call(`/wechat/cgi-bin/freepublish/submit?${query}`, JSON.stringify({ media_id: draft.media_id }));
    await this.call(`/wechat/cgi-bin/freepublish/get?${query}`, JSON.stringify({ publish_id: submitted.publish_id }));
  }

  private async bytedance(account: BareAccount, text: string): Promise<void> {
    const headers = { 'access-token': account.credentials.accessToken };
    const path = `/${account.platform}/api/douyin/v1/video`;
    const query = `open_id=${encodeURIComponent(account.platformAccountId)}`;
    const upload = await multipartUpload('image', defaultCard());
    const uploaded = await this.call(`${path}/upload_image/?${query}`, upload.body, {
      ...headers,
      'content-type': upload.headers['Content-Type'],
    });
    await this.call(`${path}/create_image_text/?${query}`, JSON.stringify({ image_list: [uploaded.data.image.image_id], text }), headers);
  }

  private async webhook(account: BareAccount, text: string): Promise<void> {
    const body = JSON.stringify({ event: 'bulletin.published', bulletin: { title: '悬赏通缉', text } });
    const eventId = randomUUID();
    const timestamp = Math.floor(Date.now() / 1000);
    const path = `/webhook/sites/${account.platformAccountId}/bulletins`;
    await this.call(path, body, {
      'x-mb-event-id': eventId,
      'x-mb-timestamp': String(timestamp),
      'x-mb-delivery': eventId,
      'x-mb-signature': signWebhook(account.credentials.secret, {
        method: 'POST',
        path,
        eventId,
        deliveryKey: eventId,
        timestamp,
        rawBody: body,
      }),
    });
  }

  /** One POST; JSON unless the body says otherwise. An answer other than 2xx stops the baseline: it must post what the engine posts. */
  private async call(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<any> {
    const contentType = typeof body === 'string' && !headers['content-type'] ? { 'content-type': 'application/json' } : {};
    const response = await this.pool.request({ path, method: 'POST', body, headers: { ...contentType, ...headers } });
    const answer = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`bare ${path} answered ${response.statusCode}: ${answer.slice(0, 200)}`);
    const parsed = answer ? JSON.parse(answer) : {};
    const code = parsed.errcode ?? parsed.data?.error_code ?? 0;
    if (Number(code) !== 0) throw new Error(`bare ${path} refused: ${answer.slice(0, 200)}`);
    return parsed;
  }
}
