import { Injectable } from '@nestjs/common';
import { Platform } from '@mb/vocabulary';
import { type AccountSession } from '@mb/platforms';
import { AccountCredentialsCipher } from './account-credentials.cipher';
import { AccountsRepository } from './accounts.repository';

export interface SealedAccount {
  accountId: string;
  platform: Platform;
  platformAccountId: string;
  credentialsSealed: string;
}

/** Opens an account's credentials for an adapter call, and seals again whatever the adapter refreshed. */
@Injectable()
export class AccountSessions {
  constructor(
    private readonly cipher: AccountCredentialsCipher,
    private readonly accounts: AccountsRepository,
  ) {}

  open(account: SealedAccount): AccountSession {
    return {
      accountId: account.accountId,
      platformAccountId: account.platformAccountId,
      credentials: this.cipher.open(account.platform, account.platformAccountId, account.credentialsSealed),
      saveCredentials: async ({ credentials, expiresAt, refreshExpiresAt }) => {
        const sealed = this.cipher.seal(account.platform, account.platformAccountId, credentials);
        await this.accounts.updateCredentials(account.accountId, sealed, expiresAt, refreshExpiresAt);
      },
    };
  }
}
