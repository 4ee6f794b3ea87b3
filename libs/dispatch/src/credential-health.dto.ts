import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '@mb/common';

export class CredentialHealthQuery extends PageQuery {
  /** Accounts of this unit only; a unit operator sees their own subtree in any case. */
  @IsOptional()
  @IsUUID()
  unitId?: string;

  /** Only accounts with a problem: credentials refused, token expired, breaker open, or dormant. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  problemsOnly?: boolean;
}
