import { Injectable } from '@nestjs/common';
import { SecretBox } from '@mb/common';
import { AppConfig } from '@mb/config';

export type TipContact = { phone?: string; wechatId?: string };

/** Seals a tipster's name, contact and platform id to their tip: a value moved to another tip will not open. */
@Injectable()
export class TipSecrets {
  private readonly box: SecretBox;

  constructor(config: AppConfig) {
    this.box = new SecretBox(config.credentialsKey);
  }

  sealName(tipId: string, name: string): string {
    return this.box.seal(name, `tip:${tipId}:name`);
  }

  openName(tipId: string, sealed: string): string {
    return this.box.open(sealed, `tip:${tipId}:name`);
  }

  sealContact(tipId: string, contact: TipContact): string {
    return this.box.seal(JSON.stringify(contact), `tip:${tipId}:contact`);
  }

  openContact(tipId: string, sealed: string): TipContact {
    return JSON.parse(this.box.open(sealed, `tip:${tipId}:contact`)) as TipContact;
  }

  sealMessage(tipId: string, messageId: string, text: string): string {
    return this.box.seal(text, `tip:${tipId}:message:${messageId}`);
  }

  openMessage(tipId: string, messageId: string, sealed: string): string {
    return this.box.open(sealed, `tip:${tipId}:message:${messageId}`);
  }

  sealPhoto(messageId: string, bytes: Buffer): string {
    return this.box.seal(bytes.toString('base64'), `tip-message:${messageId}:photo`);
  }

  openPhoto(messageId: string, sealed: string): Buffer {
    return Buffer.from(this.box.open(sealed, `tip-message:${messageId}:photo`), 'base64');
  }

  sealSender(tipId: string, senderRef: string): string {
    return this.box.seal(senderRef, `tip:${tipId}:sender`);
  }
}
