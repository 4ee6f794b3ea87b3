import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AuditService } from '@mb/audit';
import { confinedUnitPath, type FieldProblem, fieldProblems, validationFailure } from '@mb/common';
import { Transactions, isForeignKeyViolation } from '@mb/database';
import { Platform } from '@mb/vocabulary';
import { CREDENTIALS_SHAPE, PLATFORM_REGISTRY } from '@mb/platforms';
import { UnitsRepository } from '@mb/units';
import { AccountCredentialsCipher } from './account-credentials.cipher';
import {
  type AccountView,
  CreateAccountDto,
  type ImportReport,
  type ImportRowError,
  ListAccountsQuery,
  UpdateAccountDto,
} from './account.dto';
import { Account, RepostPolicy } from './account.entity';
import { AccountError, AccountErrorCode } from './accounts.error';
import { type AccountChanges, AccountsRepository, type NewAccount } from './accounts.repository';

const VALIDATION = { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } };

export function toAccountView(account: Account): AccountView {
  return {
    id: account.id,
    unitId: account.unitId,
    platform: account.platform,
    platformAccountId: account.platformAccountId,
    displayName: account.displayName,
    followers: account.followers,
    tags: account.tags,
    repostPolicy: account.repostPolicy,
    active: account.active,
    accountClass: account.accountClass,
    hasCredentials: true,
    tokenExpiresAt: account.tokenExpiresAt,
    breaker: { state: account.breakerState, consecutiveFailures: account.consecutiveFailures, openedAt: account.breakerOpenedAt },
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}

@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly units: UnitsRepository,
    private readonly cipher: AccountCredentialsCipher,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async get(id: string): Promise<AccountView> {
    return toAccountView(await this.existing(id));
  }

  async list(query: ListAccountsQuery) {
    const { items, total } = await this.accounts.list(query, confinedUnitPath());
    return { items: items.map(toAccountView), total };
  }

  async register(input: CreateAccountDto): Promise<AccountView> {
    const problems = [...credentialProblems(input.platform, input.credentials), ...classProblems(input.platform, input.accountClass)];
    if (problems.length > 0) throw validationFailure(problems);
    const [unitId] = await this.resolveUnits([input]);
    if (!unitId)
      throw new AccountError(AccountErrorCode.UnitNotFound, 'the owning unit does not exist', input.unitId ? 'unitId' : 'unitCode');
    const taken = await this.accounts.existingKeys([input]);
    if (taken.size > 0) {
      throw new AccountError(
        AccountErrorCode.AlreadyRegistered,
        `${input.platform} account ${input.platformAccountId} is already registered`,
        'platformAccountId',
      );
    }
    return this.transactions.run(async () => {
      const view = toAccountView(await this.accounts.insert(this.newAccount(input, unitId)));
      await this.audit.record({ action: 'account.registered', entityType: 'account', entityId: view.id, after: view });
      return view;
    });
  }

  async update(id: string, changes: UpdateAccountDto): Promise<AccountView> {
    const account = await this.existing(id);
    const before = toAccountView(account);
    const { credentials, ...plain } = changes;
    const wrongClass = classProblems(account.platform, changes.accountClass);
    if (wrongClass.length > 0) throw validationFailure(wrongClass);
    const update: AccountChanges = { ...plain };
    if (credentials !== undefined) {
      const problems = credentialProblems(account.platform, credentials);
      if (problems.length > 0) throw validationFailure(problems);
      update.credentialsSealed = this.cipher.seal(account.platform, account.platformAccountId, credentials);
      // A new authorisation: what was known of the old one no longer holds.
      update.tokenExpiresAt = null;
      update.refreshTokenExpiresAt = null;
      update.credentialsRefusedAt = null;
      update.renewalAttemptedAt = null;
    }
    return this.transactions.run(async () => {
      await this.accounts.update(id, update);
      const after = await this.get(id);
      await this.audit.record({
        action: credentials ? 'account.updated_with_credentials' : 'account.updated',
        entityType: 'account',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  /** An account that has carried bulletins stays on record (reports need it): deactivate it instead. */
  async remove(id: string): Promise<void> {
    const account = await this.existing(id);
    await this.transactions.run(async () => {
      // Deliveries, tips and readings refer to the account; the database refuses to drop what they name.
      try {
        await this.accounts.delete(id);
      } catch (error) {
        if (isForeignKeyViolation(error)) {
          throw new AccountError(AccountErrorCode.InUse, 'the account has deliveries on record; set active=false instead', 'id');
        }
        throw error;
      }
      await this.audit.record({ action: 'account.deleted', entityType: 'account', entityId: id, before: toAccountView(account) });
    });
  }

  /**
   * Registers many accounts at once. Every row is checked first; by default one bad row refuses
   * the whole import (nothing written), with `skipInvalid` the good rows are kept. With `dryRun`
   * nothing is written either way: the report says what would be registered and every row's problems.
   */
  async import(rows: unknown[], skipInvalid: boolean, dryRun = false): Promise<ImportReport> {
    const errors: ImportRowError[] = [];
    const candidates: Array<{ row: number; input: CreateAccountDto }> = [];
    rows.forEach((raw, index) => {
      const row = index + 1;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        errors.push({ row, message: 'each row must be an object' });
        return;
      }
      const input = plainToInstance(CreateAccountDto, raw);
      const problems = [...fieldProblems(validateSync(input, VALIDATION))];
      if (problems.length === 0)
        problems.push(...credentialProblems(input.platform, input.credentials), ...classProblems(input.platform, input.accountClass));
      if (problems.length > 0) errors.push(...problems.map((problem) => ({ row, ...problem })));
      else candidates.push({ row, input });
    });

    const unitIds = await this.resolveUnits(candidates.map((candidate) => candidate.input));
    const taken = await this.accounts.existingKeys(candidates.map((candidate) => candidate.input));
    const seen = new Set<string>();
    const accepted: NewAccount[] = [];
    candidates.forEach(({ row, input }, index) => {
      const key = `${input.platform}:${input.platformAccountId}`;
      const unitId = unitIds[index];
      if (!unitId) errors.push({ row, field: input.unitId ? 'unitId' : 'unitCode', message: 'unit does not exist' });
      else if (taken.has(key)) errors.push({ row, field: 'platformAccountId', message: 'already registered' });
      else if (seen.has(key)) errors.push({ row, field: 'platformAccountId', message: 'appears twice in this import' });
      else accepted.push(this.newAccount(input, unitId));
      seen.add(key);
    });

    errors.sort((a, b) => a.row - b.row);
    if (dryRun) return { received: rows.length, created: 0, acceptable: accepted.length, errors };
    if (errors.length > 0 && !skipInvalid) {
      throw new AccountError(
        AccountErrorCode.ImportRejected,
        `${errors.length} problem(s) in the import; nothing was registered`,
        undefined,
        {
          received: rows.length,
          created: 0,
          acceptable: accepted.length,
          errors,
        },
      );
    }
    const created = await this.transactions.run(async () => {
      const ids = await this.accounts.insertMany(accepted);
      await this.audit.record(
        ...ids.map((id, index) => ({
          action: 'account.imported',
          entityType: 'account',
          entityId: id,
          after: { ...accepted[index], credentialsSealed: undefined },
        })),
      );
      return ids.length;
    });
    return { received: rows.length, created, acceptable: accepted.length, errors };
  }

  private async existing(id: string): Promise<Account> {
    const account = await this.accounts.findById(id, confinedUnitPath());
    if (!account) throw new AccountError(AccountErrorCode.NotFound, `account ${id} does not exist`, 'id');
    return account;
  }

  /** The unit id of each input, looked up in two queries whatever the number of rows; undefined where unknown. */
  private async resolveUnits(inputs: CreateAccountDto[]): Promise<Array<string | undefined>> {
    const ids = [...new Set(inputs.map((input) => input.unitId).filter((id): id is string => Boolean(id)))];
    const codes = [...new Set(inputs.filter((input) => !input.unitId).map((input) => input.unitCode as string))];
    const [byId, byCode] = await Promise.all([this.units.findByIds(ids), this.units.findByCodes(codes)]);
    // A unit operator may only register accounts within their own subtree.
    const confined = confinedUnitPath();
    const allowed = (unit: { path: string }) => !confined || unit.path.startsWith(confined);
    const known = new Set(byId.filter(allowed).map((unit) => unit.id));
    const idOfCode = new Map(byCode.filter(allowed).map((unit) => [unit.code, unit.id]));
    return inputs.map((input) =>
      input.unitId ? (known.has(input.unitId) ? input.unitId : undefined) : idOfCode.get(input.unitCode as string),
    );
  }

  private newAccount(input: CreateAccountDto, unitId: string): NewAccount {
    return {
      unitId,
      platform: input.platform,
      platformAccountId: input.platformAccountId,
      displayName: input.displayName,
      followers: input.followers ?? 0,
      tags: input.tags ?? [],
      repostPolicy: input.repostPolicy ?? RepostPolicy.Auto,
      active: input.active ?? true,
      accountClass: input.accountClass ?? null,
      credentialsSealed: this.cipher.seal(input.platform, input.platformAccountId, input.credentials),
    };
  }
}

/** A kind of account the platform does not have is refused by name. */
function classProblems(platform: Platform, accountClass: string | undefined): FieldProblem[] {
  if (accountClass === undefined) return [];
  const classes = PLATFORM_REGISTRY[platform].accountClasses ?? [];
  if (classes.includes(accountClass)) return [];
  const message = classes.length
    ? `accountClass of ${platform} must be one of: ${classes.join(', ')}`
    : `${platform} has no account classes`;
  return [{ field: 'accountClass', message }];
}

function credentialProblems(platform: Platform, credentials: unknown): FieldProblem[] {
  const shape = CREDENTIALS_SHAPE[platform];
  if (!shape) return [];
  const problems = fieldProblems(validateSync(plainToInstance(shape, credentials ?? {}), VALIDATION));
  return problems.map((problem) => ({ field: `credentials.${problem.field}`, message: problem.message }));
}
