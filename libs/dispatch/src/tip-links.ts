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

  url(bulletinSeq: number, accountSeq: number): string {
    return `${this.base}/t/${this.code(bulletinSeq, accountSeq)}`;
  }
}
