import { Injectable, Logger } from '@nestjs/common';
import { AccountSessions, AccountsRepository } from '@mb/accounts';
import { Clock } from '@mb/common';
import { PlatformAdapters, PlatformError, PlatformErrorCode } from '@mb/platforms';
import { type PlatformJobHandler, type PlatformJobRegistry, PlatformQueues } from '@mb/queue';
import { Platform, PLATFORMS } from '@mb/vocabulary';

/** Renews one account's token ahead of need, on the account's platform queue (so its rate limit counts the call). */
export const RENEW_CREDENTIALS = 'renew-credentials';

@Injectable()
export class CredentialRenewalQueue {
  constructor(private readonly queues: PlatformQueues) {}

  enqueue(accounts: Array<{ id: string; platform: string }>): Promise<void> {
    return this.queues.addOnce(
      RENEW_CREDENTIALS,
      accounts.map((account) => ({
        platform: account.platform as Platform,
        jobId: `renew-${account.id}`,
        data: { accountId: account.id },
      })),
    );
  }
}

/**
 * Keeps an account's authorisation alive before an alert needs it: the token is refreshed while
 * the refresh token still works, and a refusal is recorded so the unit is told to authorise again.
 */
@Injectable()
export class CredentialRenewal {
  private readonly logger = new Logger(CredentialRenewal.name);

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly sessions: AccountSessions,
    private readonly adapters: PlatformAdapters,
    private readonly clock: Clock,
  ) {}

  /** The platforms whose adapters can renew a token on their own. */
  renewablePlatforms(): Platform[] {
    return PLATFORMS.filter((platform) => typeof this.adapters.for(platform).renewCredentials === 'function');
  }

  async renew(accountId: string): Promise<'renewed' | 'refused' | 'skipped' | 'failed'> {
    const account = await this.accounts.sealedById(accountId);
    const adapter = account?.active ? this.adapters.for(account.platform) : null;
    if (!account || !adapter?.renewCredentials) return 'skipped';
    const session = this.sessions.open(account);
    const now = this.clock.now();
    // An account authorised without a refresh token cannot be renewed: its token's own expiry is what the unit watches.
    if (!session.credentials.refreshToken) {
      await this.accounts.markRenewalAttempt(accountId, now, false);
      return 'skipped';
    }
    // The attempt is recorded first, so a check running meanwhile does not queue the same renewal again.
    await this.accounts.markRenewalAttempt(accountId, now, false);
    try {
      await adapter.renewCredentials(session);
      return 'renewed';
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      const refused = error.code === PlatformErrorCode.AuthExpired;
      if (refused) await this.accounts.markRenewalAttempt(accountId, now, true);
      this.logger.warn({ accountId, platform: account.platform, code: error.code }, 'credentials not renewed');
      return refused ? 'refused' : 'failed';
    }
  }
}

@Injectable()
export class CredentialRenewalJobHandlers implements PlatformJobRegistry {
  readonly handlers: ReadonlyArray<PlatformJobHandler<{ accountId: string }>>;

  constructor(renewal: CredentialRenewal) {
    this.handlers = [{ name: RENEW_CREDENTIALS, handle: ({ accountId }) => renewal.renew(accountId) }];
  }
}
