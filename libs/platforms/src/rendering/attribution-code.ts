import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A short code in every tip link naming the bulletin and the account the tipster came through:
 * `<bulletin seq>.<account seq>.<check>` in base 36. The check (an HMAC) stops guessed codes
 * from attributing tips to accounts that never carried the bulletin.
 */
export class AttributionCodec {
  constructor(private readonly key: string) {}

  encode(bulletinSeq: number, accountSeq: number): string {
    const body = `${bulletinSeq.toString(36)}.${accountSeq.toString(36)}`;
    return `${body}.${this.check(body)}`;
  }

  decode(code: string): { bulletinSeq: number; accountSeq: number } | null {
    const match = /^([0-9a-z]{1,12})\.([0-9a-z]{1,12})\.([0-9a-z]{6})$/.exec(code);
    if (!match) return null;
    const body = `${match[1]}.${match[2]}`;
    const expected = Buffer.from(this.check(body));
    if (!timingSafeEqual(expected, Buffer.from(match[3]))) return null;
    return { bulletinSeq: parseInt(match[1], 36), accountSeq: parseInt(match[2], 36) };
  }

  private check(body: string): string {
    const digest = createHmac('sha256', this.key).update(`attribution:${body}`).digest();
    return (digest.readUInt32BE(0) % 36 ** 6).toString(36).padStart(6, '0');
  }
}
