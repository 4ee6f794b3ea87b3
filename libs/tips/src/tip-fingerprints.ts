import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@mb/config';

/**
 * Keyed fingerprints for finding repeats without keeping anything readable: the same contact,
 * or the same text once spacing, punctuation, width and case are set aside.
 */
@Injectable()
export class TipFingerprints {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = createHmac('sha256', Buffer.from(config.credentialsKey, 'base64')).update('tip-fingerprints').digest();
  }

  contact(contact: { phone?: string; wechatId?: string } | undefined): string | null {
    if (!contact?.phone && !contact?.wechatId) return null;
    const phone = contact.phone?.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '') ?? '';
    return this.digest(`contact:${phone}|${contact.wechatId?.toLowerCase() ?? ''}`);
  }

  text(text: string): string {
    const normalised = text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\p{P}\p{S}]+/gu, '');
    return this.digest(`text:${normalised}`);
  }

  /** Whether a retried submission carries the same content as the first (same idempotency key). */
  request(body: unknown): string {
    return this.digest(`request:${JSON.stringify(body)}`);
  }

  private digest(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('hex');
  }
}
