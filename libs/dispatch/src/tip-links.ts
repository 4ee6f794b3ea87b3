import { Injectable } from '@nestjs/common';
import { AppConfig } from '@mb/config';
import { AttributionCodec } from '@mb/platforms';

/** The public tip link of a bulletin as carried by one account, and the code inside it. */
@Injectable()
export class TipLinks {
  private readonly codec: AttributionCodec;
  private readonly base: string;

  constructor(config: AppConfig) {
    this.codec = new AttributionCodec(config.credentialsKey);
    this.base = config.publicBaseUrl.replace(/\/$/, '');
  }

  /** Account number 0 stands for "any account" (previews). */
  code(bulletinSeq: number, accountSeq: number): string {
    return this.codec.encode(bulletinSeq, accountSeq);
  }

  /** The bulletin and account numbers a code stands for, or null when it is not one of ours. */
  decode(code: string): { bulletinSeq: number; accountSeq: number } | null {
    return this.codec.decode(code);
  }

  url(bulletinSeq: number, accountSeq: number): string {
    return `${this.base}/t/${this.code(bulletinSeq, accountSeq)}`;
  }
}
