import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { SimPlatform, SimState } from '../sim-state';
import { FaultsDto, PostsQuery, RegisterAccountsDto, ResetDto } from './admin.dto';

/** What tests and the demo use to set the simulated world up and to look at what the public would see. */
@Controller('_sim')
export class AdminController {
  constructor(private readonly state: SimState) {}

  @Post('accounts')
  @HttpCode(200)
  register(@Body() input: RegisterAccountsDto) {
    input.accounts.forEach((account) => this.state.register(account));
    return { registered: input.accounts.length };
  }

  @Put('faults')
  faults(@Body() input: FaultsDto) {
    this.state.faults = { ...this.state.faults, ...input };
    return this.state.faults;
  }

  @Post('reset')
  @HttpCode(200)
  reset(@Body() input: ResetDto) {
    this.state.reset(input.seed);
    return { reset: true };
  }

  @Get('posts')
  posts(@Query() query: PostsQuery) {
    return this.state.allPosts(query.platform);
  }

  @Get('accounts/:platform/:accountId/posts')
  postsOf(@Param('platform') platform: SimPlatform, @Param('accountId') accountId: string) {
    return this.state.postsOf(platform, accountId);
  }
}
