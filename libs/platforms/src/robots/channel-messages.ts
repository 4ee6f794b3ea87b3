import { createHmac, randomUUID } from 'node:crypto';
import { signWebhook, WEBHOOK_HEADERS } from '../webhook/webhook-signature';
import { NotificationChannelKind } from '@mb/vocabulary';

/** What a channel is sent: the address (a 钉钉 signature goes in its query), the headers and the JSON body. */
export interface ChannelRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface OutgoingNotification {
  id: string;
  title: string;
  text: string;
  link: string | null;
}

/**
 * The public message shapes: a 企业微信 group robot and a 钉钉 custom robot take markdown
 * (`{msgtype: 'markdown', …}`); 钉钉 with 加签 adds `timestamp` (ms) and `sign` = base64 of
 * HMAC-SHA256(secret, "timestamp\nsecret"); a unit's own webhook gets the notification as JSON,
 * signed as the engine signs its site posts.
 */
export function channelRequest(
  kind: NotificationChannelKind,
  url: string,
  secret: string | null,
  notification: OutgoingNotification,
  now: Date,
): ChannelRequest {
  const link = notification.link ? `\n\n[去处理](${notification.link})` : '';
  const json = { 'content-type': 'application/json' };
  if (kind === NotificationChannelKind.WecomRobot) {
    const content = `**${notification.title}**\n${notification.text}${link}`;
    return { url, headers: json, body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }) };
  }
  if (kind === NotificationChannelKind.DingtalkRobot) {
    const text = `### ${notification.title}\n\n${notification.text}${link}`;
    const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: notification.title, text } });
    if (!secret) return { url, headers: json, body };
    const timestamp = String(now.getTime());
    const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    const signed = new URL(url);
    signed.searchParams.set('timestamp', timestamp);
    signed.searchParams.set('sign', sign);
    return { url: signed.toString(), headers: json, body };
  }
  const body = JSON.stringify({ event: 'notification', notification });
  const target = new URL(url);
  const eventId = randomUUID();
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers: Record<string, string> = {
    ...json,
    [WEBHOOK_HEADERS.eventId]: eventId,
    [WEBHOOK_HEADERS.deliveryKey]: notification.id,
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
  };
  if (secret)
    headers[WEBHOOK_HEADERS.signature] = signWebhook(secret, {
      method: 'POST',
      path: `${target.pathname}${target.search}`,
      eventId,
      deliveryKey: notification.id,
      timestamp,
      rawBody: body,
    });
  return { url, headers, body };
}

/** Whether a robot's answer says it took the message: both answer HTTP 200 with `errcode` 0. */
export function channelAccepted(kind: NotificationChannelKind, status: number, data: unknown): boolean {
  if (status < 200 || status >= 300) return false;
  if (kind === NotificationChannelKind.Webhook) return true;
  const body = typeof data === 'string' ? safeJson(data) : data;
  return Number((body as { errcode?: unknown } | null)?.errcode) === 0;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
