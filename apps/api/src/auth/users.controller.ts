import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Role } from '@mb/vocabulary';
import { Access, CreateUserDto, ResetPasswordDto, UserIdParam, UsersService } from '@mb/auth';

@ApiTags('users')
@Controller('users')
@Access(Role.Admin)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list() {
    return this.users.list();
  }

  @Post()
  create(@Body() input: CreateUserDto) {
    return this.users.create(input);
  }

  /** Sets a new password and ends every session of the user. */
  @Post(':id/password')
  @HttpCode(200)
  resetPassword(@Param() params: UserIdParam, @Body() input: ResetPasswordDto) {
    return this.users.resetPassword(params.id, input.password);
  }

  /** No further sign-in; every token already given out stops working at once. */
  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@Param() params: UserIdParam) {
    return this.users.deactivate(params.id);
  }

  /** Lifts the waits that wrong passwords put on this user's sign-in, from every address. */
  @Post(':id/unlock')
  @HttpCode(200)
  unlock(@Param() params: UserIdParam) {
    return this.users.unlock(params.id);
  }
}
