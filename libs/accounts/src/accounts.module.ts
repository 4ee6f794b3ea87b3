import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UnitsModule } from '@mb/units';
import { AccountBreaker } from './account-breaker';
import { AccountCredentialsCipher } from './account-credentials.cipher';
import { AccountSessions } from './account-sessions';
import { Account } from './account.entity';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';

@Module({
  imports: [TypeOrmModule.forFeature([Account]), UnitsModule],
  providers: [AccountsRepository, AccountsService, AccountCredentialsCipher, AccountSessions, AccountBreaker],
  exports: [AccountsRepository, AccountsService, AccountCredentialsCipher, AccountSessions, AccountBreaker],
})
export class AccountsModule {}
