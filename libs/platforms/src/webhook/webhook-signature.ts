import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_HEADERS = {
  eventId: 'x-mb-event-id',
  deliveryKey: 'x-mb-delivery',
  timestamp: 'x-mb-timestamp',
  signature: 'x-mb-signature',
} as const;

export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** HMAC-SHA256 over `<event id>.<timestamp>.<raw body>`, hex, sent as `v1=<hex>`. */
export function signWebhook(secret: string, eventId: string, timestamp: number, rawBody: string): string {
  const digest = createHmac('sha256', secret).update(`${eventId}.${timestamp}.${rawBody}`).digest('hex');
  return `v1=${digest}`;
}

export type WebhookVerdict = 'ok' | 'bad_signature' | 'stale';

/** The receiver's check: any `v1=` signature in the header may match (secret rotation), in constant time. */
export function verifyWebhook(
  secret: string,
  eventId: string,
  timestamp: number,
  rawBody: string,
  header: string,
  nowSeconds: number,
): WebhookVerdict {
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > WEBHOOK_TOLERANCE_SECONDS) return 'stale';
  const expected = Buffer.from(signWebhook(secret, eventId, timestamp, rawBody));
  const matches = header
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((candidate) => {
      const given = Buffer.from(candidate);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  return matches ? 'ok' : 'bad_signature';
}
