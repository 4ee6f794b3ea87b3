import { Injectable } from '@nestjs/common';
import { AppConfig } from '@mb/config';
import { AttributionCodec } from '@mb/platforms';

export interface PublicLinks {
  tipUrl: string;
  pageUrl: string;
}

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

  /** The tip page and the bulletin's public page, as carried by one account. */
  links(bulletinSeq: number, accountSeq: number): PublicLinks {
    const code = this.code(bulletinSeq, accountSeq);
    return { tipUrl: `${this.base}/t/${code}`, pageUrl: `${this.base}/b/${code}` };
  }
}
