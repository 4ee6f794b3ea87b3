import { Injectable } from '@nestjs/common';
import { SecretBox } from '@mb/common';
import { AppConfig } from '@mb/config';
import { Platform } from '@mb/vocabulary';

/** Seals credentials to their account: a ciphertext moved to another account's row will not open. */
@Injectable()
export class AccountCredentialsCipher {
  private readonly box: SecretBox;

  constructor(config: AppConfig) {
    this.box = new SecretBox(config.credentialsKey);
  }

  seal(platform: Platform, platformAccountId: string, credentials: object): string {
    return this.box.seal(JSON.stringify(credentials), this.binding(platform, platformAccountId));
  }

  open(platform: Platform, platformAccountId: string, sealed: string): Record<string, string> {
    return JSON.parse(this.box.open(sealed, this.binding(platform, platformAccountId))) as Record<string, string>;
  }

  private binding(platform: Platform, platformAccountId: string): string {
    return `account-credentials:${platform}:${platformAccountId}`;
  }
}
