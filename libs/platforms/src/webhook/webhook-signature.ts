import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_HEADERS = {
  eventId: 'x-mb-event-id',
  deliveryKey: 'x-mb-delivery',
  timestamp: 'x-mb-timestamp',
  signature: 'x-mb-signature',
} as const;

export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Everything a signed request's meaning rests on: a receiver must not be able to replay a body under another verb, path or delivery. */
export interface SignedWebhookRequest {
  method: string;
  /** Path and query as sent, e.g. `/cms/bulletins/42?x=1`. */
  path: string;
  eventId: string;
  /** The delivery key header's value, or '' when none is sent. */
  deliveryKey: string;
  timestamp: number;
  rawBody: string;
}

/** The signed string: method, path, event id, delivery key, timestamp and raw body, each on its own line. */
export function webhookSigningString(request: SignedWebhookRequest): string {
  return [
    request.method.toUpperCase(),
    request.path,
    request.eventId,
    request.deliveryKey,
    String(request.timestamp),
    request.rawBody,
  ].join('\n');
}

/** HMAC-SHA256 of the signing string with the site's secret, hex, sent as `v2=<hex>`. */
export function signWebhook(secret: string, request: SignedWebhookRequest): string {
  return `v2=${createHmac('sha256', secret).update(webhookSigningString(request)).digest('hex')}`;
}

/** The path and query of a URL as the receiver's server sees it in its request line. */
export function signedPathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

export type WebhookVerdict = 'ok' | 'bad_signature' | 'stale';

/** The receiver's check: any `v2=` signature in the header may match (secret rotation), in constant time. */
export function verifyWebhook(secret: string, request: SignedWebhookRequest, header: string, nowSeconds: number): WebhookVerdict {
  if (!Number.isInteger(request.timestamp) || Math.abs(nowSeconds - request.timestamp) > WEBHOOK_TOLERANCE_SECONDS) return 'stale';
  const expected = Buffer.from(signWebhook(secret, request));
  const matches = header
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((candidate) => {
      const given = Buffer.from(candidate);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  return matches ? 'ok' : 'bad_signature';
}
