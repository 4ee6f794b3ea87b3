import { IsEnum, IsNotEmpty, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { Role } from '@mb/vocabulary';

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

  /** At least 12 characters and at most 72 bytes (bcrypt reads no further), hard to guess (checked with zxcvbn and a list of common passwords). */
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

export class ChangePasswordDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  currentPassword: string;

  /** The same rules as a new user's password. */
  @IsString()
  @Length(12, 72, { message: 'newPassword must be 12 to 72 characters' })
  newPassword: string;
}

export class ResetPasswordDto {
  /** The same rules as a new user's password. */
  @IsString()
  @Length(12, 72, { message: 'password must be 12 to 72 characters' })
  password: string;
}

export class UserIdParam {
  @IsUUID(undefined, { message: 'id must be a user id (UUID)' })
  id: string;
}

export class TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token runs out. */
  expiresIn: number;
}

/** Who is signed in: the user, their role and, for a unit operator, their unit. */
export class SignedInUser {
  userId: string;
  username: string;
  role: Role;
  unitId: string | null;
  /** The unit's materialised path (its subtree is what a unit operator may see). */
  unitPath: string | null;
}
