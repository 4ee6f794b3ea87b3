import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AccountsService, AccountView, CreateAccountDto, ImportAccountsQuery, ListAccountsQuery, UpdateAccountDto } from '@mb/accounts';
import { Role } from '@mb/vocabulary';
import { Access } from '@mb/auth';
import { credentialFields } from '@mb/platforms';
import { accountRowsOf } from './account-import.parser';
import { pageOf, ParseIdPipe } from '@mb/common';
import { AccountHealth, CredentialHealthQuery, CredentialHealthService, LaneQuotaView, PostingLanes } from '@mb/dispatch';

const READERS = [Role.Admin, Role.UnitOperator, Role.Editor, Role.Reviewer, Role.Analyst];
const MANAGERS = [Role.Admin, Role.UnitOperator];

@ApiTags('accounts')
@Controller('accounts')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly lanes: PostingLanes,
    private readonly credentialHealth: CredentialHealthService,
  ) {}

  /** Whether each account is known to work: last successful post, last failure and its code, credentials refused, token expired, breaker open, dormant. */
  @Get('credential-health')
  @Access(...READERS)
  @ApiOkResponse({ type: pageOf(AccountHealth) })
  health(@Query() query: CredentialHealthQuery) {
    return this.credentialHealth.list(query);
  }

  @Get()
  @ApiOkResponse({ type: pageOf(AccountView) })
  @Access(...READERS)
  list(@Query() query: ListAccountsQuery) {
    return this.accounts.list(query);
  }

  /** The credential fields each platform asks for (values are write-only and never shown back). */
  @Get('credential-fields')
  @Access(...READERS)
  @ApiOkResponse({
    description: "Each platform's credential field names",
    schema: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
  })
  credentialFields(): Record<string, string[]> {
    return credentialFields();
  }

  /** The account's counted quotas per lane (posts a day, pushes a day or month) and what is used of them now. */
  @Get(':id/quotas')
  @Access(...READERS)
  @ApiOkResponse({ type: [LaneQuotaView] })
  async quotas(@Param('id', ParseIdPipe) id: string) {
    const account = await this.accounts.get(id);
    return this.lanes.accountQuotas(account.platform, account.id, account.accountClass);
  }

  @Get(':id')
  @Access(...READERS)
  get(@Param('id', ParseIdPipe) id: string) {
    return this.accounts.get(id);
  }

  @Post()
  @Access(...MANAGERS)
  register(@Body() input: CreateAccountDto) {
    return this.accounts.register(input);
  }

  /** Thousands of accounts in one request: JSON `{accounts: [...]}` or a CSV file (text/csv). */
  @Post('import')
  @Access(...MANAGERS)
  @HttpCode(200)
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({
    schema: { oneOf: [{ type: 'object', properties: { accounts: { type: 'array', items: { type: 'object' } } } }, { type: 'string' }] },
  })
  import(@Req() request: FastifyRequest, @Query() query: ImportAccountsQuery) {
    return this.accounts.import(accountRowsOf(request), query.skipInvalid ?? false, query.dryRun ?? false);
  }

  @Patch(':id')
  @Access(...MANAGERS)
  update(@Param('id', ParseIdPipe) id: string, @Body() changes: UpdateAccountDto) {
    return this.accounts.update(id, changes);
  }

  @Delete(':id')
  @Access(...MANAGERS)
  @HttpCode(204)
  remove(@Param('id', ParseIdPipe) id: string) {
    return this.accounts.remove(id);
  }
}
