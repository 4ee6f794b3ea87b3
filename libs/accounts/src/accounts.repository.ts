import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { GroupWrites, preparedQuery, Transactions } from '@mb/database';
import { Platform } from '@mb/vocabulary';

import { ListAccountsQuery } from './account.dto';
import { Account } from './account.entity';

export type NewAccount = Pick<
  Account,
  | 'unitId'
  | 'platform'
  | 'platformAccountId'
  | 'displayName'
  | 'followers'
  | 'tags'
  | 'repostPolicy'
  | 'active'
  | 'accountClass'
  | 'credentialsSealed'
>;

/** What an operator's edit may change: the account's fields, and what a new authorisation resets. */
export type AccountChanges = Partial<NewAccount> &
  Partial<Pick<Account, 'tokenExpiresAt' | 'refreshTokenExpiresAt' | 'credentialsRefusedAt' | 'renewalAttemptedAt'>>;

interface CredentialsUpdate {
  id: string;
  credentialsSealed: string;
  tokenExpiresAt: Date | null;
  /** Undefined where the platform did not say: the known expiry stays. */
  refreshTokenExpiresAt?: Date | null;
}

@Injectable()
export class AccountsRepository {
  private readonly credentialWrites = new GroupWrites<CredentialsUpdate, void>((updates) => this.updateCredentialsRows(updates));

  constructor(
    private readonly transactions: Transactions,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The account repository of the surrounding transaction, if there is one. */
  private get accounts(): Repository<Account> {
    return this.transactions.manager().getRepository(Account);
  }

  /** An account, only if its unit lies within `confinedTo` when given. */
  findById(id: string, confinedTo: string | null = null): Promise<Account | null> {
    const builder = this.accounts.createQueryBuilder('a').where('a.id = :id', { id });
    if (confinedTo) builder.innerJoin('unit', 'cu', 'cu.id = a.unit_id').andWhere('cu.path LIKE :confined', { confined: `${confinedTo}%` });
    return builder.getOne();
  }

  async list(query: ListAccountsQuery, confinedTo: string | null = null): Promise<{ items: Account[]; total: number }> {
    const builder = this.accounts.createQueryBuilder('a').orderBy('a.seq').take(query.limit).skip(query.offset);
    if (confinedTo) builder.innerJoin('unit', 'cu', 'cu.id = a.unit_id').andWhere('cu.path LIKE :confined', { confined: `${confinedTo}%` });
    if (query.unitId) {
      builder
        .innerJoin('unit', 'u', 'u.id = a.unit_id')
        .andWhere(`u.path LIKE (SELECT root.path FROM unit root WHERE root.id = :unitId) || '%'`, { unitId: query.unitId });
    }
    if (query.platform) builder.andWhere('a.platform = :platform', { platform: query.platform });
    if (query.active !== undefined) builder.andWhere('a.active = :active', { active: query.active });
    const [items, total] = await builder.getManyAndCount();
    return { items, total };
  }

  /** The (platform, platform account id) pairs among these that are registered already. */
  async existingKeys(keys: Array<{ platform: Platform; platformAccountId: string }>): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: Array<{ platform: string; platform_account_id: string }> = await this.accounts.query(
      `SELECT platform, platform_account_id FROM account
       WHERE (platform::text, platform_account_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((key) => key.platform), keys.map((key) => key.platformAccountId)],
    );
    return new Set(rows.map((row) => `${row.platform}:${row.platform_account_id}`));
  }

  /** Inserts in chunks, one statement each; returns the new rows' ids. */
  async insertMany(accounts: NewAccount[]): Promise<string[]> {
    const inserted: string[] = [];
    for (let start = 0; start < accounts.length; start += 1000) {
      const result = await this.accounts
        .createQueryBuilder()
        .insert()
        .values(accounts.slice(start, start + 1000))
        .orIgnore()
        .returning('id')
        .execute();
      inserted.push(...result.raw.map((row: { id: string }) => row.id));
    }
    return inserted;
  }

  async insert(account: NewAccount): Promise<Account> {
    const { identifiers } = await this.accounts.insert(account);
    return (await this.findById(identifiers[0].id as string)) as Account;
  }

  async update(id: string, changes: AccountChanges): Promise<void> {
    await this.accounts.update({ id }, changes);
  }

  /** What an adapter call for this account needs, credentials still sealed. */
  async sealedById(id: string): Promise<{
    accountId: string;
    platform: Platform;
    platformAccountId: string;
    credentialsSealed: string;
    unitId: string;
    active: boolean;
  } | null> {
    const [row] = await this.accounts.query(
      `SELECT id AS "accountId", platform, platform_account_id AS "platformAccountId", credentials_sealed AS "credentialsSealed", unit_id AS "unitId", active
       FROM account WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /**
   * A refreshed token. A fan-out saves one per WeChat account, so saves that arrive while one is
   * being written go together in the next statement, outside any transaction (a platform call never
   * runs inside one).
   */
  updateCredentials(
    id: string,
    credentialsSealed: string,
    tokenExpiresAt: Date | null,
    refreshTokenExpiresAt?: Date | null,
  ): Promise<void> {
    return this.credentialWrites.write({ id, credentialsSealed, tokenExpiresAt, refreshTokenExpiresAt });
  }

  /** The engine tried to renew the account's credentials now; `refused` when the platform would not. */
  async markRenewalAttempt(id: string, at: Date, refused: boolean): Promise<void> {
    await this.accounts.query(
      `UPDATE account SET renewal_attempted_at = $2, credentials_refused_at = CASE WHEN $3::boolean THEN $2::timestamptz END WHERE id = $1`,
      [id, at, refused],
    );
  }

  private async updateCredentialsRows(updates: readonly CredentialsUpdate[]): Promise<void[]> {
    // The newest save of an account in the group wins, as it would have one statement after another.
    const latest = [...new Map(updates.map((update) => [update.id, update])).values()];
    await preparedQuery(
      this.dataSource,
      'account-update-credentials',
      `UPDATE account a SET credentials_sealed = u.sealed, token_expires_at = u.expires_at,
         refresh_token_expires_at = CASE WHEN u.refresh_said THEN u.refresh_expires_at ELSE a.refresh_token_expires_at END,
         credentials_refused_at = NULL, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::boolean[], $5::timestamptz[]) AS u (id, sealed, expires_at, refresh_said, refresh_expires_at)
       WHERE a.id = u.id`,
      [
        latest.map((update) => update.id),
        latest.map((update) => update.credentialsSealed),
        latest.map((update) => update.tokenExpiresAt),
        latest.map((update) => update.refreshTokenExpiresAt !== undefined),
        latest.map((update) => update.refreshTokenExpiresAt ?? null),
      ],
    );
    return updates.map(() => undefined);
  }

  count(): Promise<number> {
    return this.accounts.count();
  }

  /** Every active account with its sealed credentials, for a platform's (or the simulator's) registration. */
  activeWithCredentials(): Promise<
    Array<Pick<Account, 'platform' | 'platformAccountId' | 'credentialsSealed' | 'followers' | 'accountClass'>>
  > {
    return this.accounts.find({
      select: { platform: true, platformAccountId: true, credentialsSealed: true, followers: true, accountClass: true },
      where: { active: true },
    });
  }

  async delete(id: string): Promise<void> {
    await this.accounts.delete({ id });
  }
}
