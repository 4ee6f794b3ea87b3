import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { TokensService } from './tokens.service';
import { AppUser } from './user.entity';
import { UsersService } from './users.service';
import { UnitsModule } from '@mb/units';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AppUser]), UnitsModule],
  providers: [UsersService, TokensService, AuthService, AuthGuard, LoginThrottle],
  exports: [UsersService, TokensService, AuthService, AuthGuard],
})
export class AuthModule {}
