import { IsEnum, IsNotEmpty, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { Role } from './user.entity';

export class LoginDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password: string;
}

export class RefreshDto {
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class CreateUserDto {
  @Matches(/^[a-z][a-z0-9_.-]{2,63}$/, { message: 'username must be 3-64 lowercase letters, digits, _ . -' })
  username: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  /** 12 to 72 characters (bcrypt reads no further). */
  @IsString()
  @Length(12, 72, { message: 'password must be 12 to 72 characters' })
  password: string;

  @IsEnum(Role)
  role: Role;

  /** Required for a unit operator: the unit whose subtree they manage. */
  @ValidateIf((dto: CreateUserDto) => dto.role === Role.UnitOperator || dto.unitId !== undefined)
  @IsUUID(undefined, { message: 'unitId must be the UUID of a unit (required for unit operators)' })
  unitId?: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}
