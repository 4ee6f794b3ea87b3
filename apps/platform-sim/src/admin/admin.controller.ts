import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { defaultCard } from '@mb/platforms';
import { type SimPlatform, type SimPost, SimState } from '../sim-state';
import { ClockDto, ExpireTokensDto, FaultsDto, InboundDto, PostsQuery, CommentsQuery, RegisterAccountsDto, ResetDto } from './admin.dto';

/** What tests and the demo use to set the simulated world up and to look at what the public would see. */
@Controller('_sim')
export class AdminController {
  constructor(private readonly state: SimState) {}

  @Post('accounts')
  @HttpCode(200)
  register(@Body() input: RegisterAccountsDto) {
    input.accounts.forEach((account) => this.state.register({ ...account, followers: account.followers ?? 1000 }));
    return { registered: input.accounts.length };
  }

  @Put('faults')
  faults(@Body() input: FaultsDto) {
    const { platform, accountId, ...rule } = input;
    return this.state.setRule(platform, accountId, rule);
  }

  @Post('reset')
  @HttpCode(200)
  reset(@Body() input: ResetDto) {
    this.state.reset(input.seed);
    return { reset: true };
  }

  @Put('clock')
  clock(@Body() input: ClockDto) {
    if (input.at !== undefined) this.state.setClock(input.at === null ? null : Date.parse(input.at));
    if (input.advanceSeconds) this.state.advanceClock(input.advanceSeconds);
    return { now: new Date(this.state.now()).toISOString() };
  }

  @Post('tokens/expire')
  @HttpCode(200)
  expire(@Body() input: ExpireTokensDto) {
    return { expired: this.state.expireTokens(input.platform, input.accountId, input.refreshTokens ?? false) };
  }

  @Post('inbound')
  @HttpCode(201)
  inbound(@Body() input: InboundDto) {
    return this.state.addComment(input);
  }

  /** Comments written to accounts, with the accounts' replies under them. */
  @Get('comments')
  comments(@Query() query: CommentsQuery) {
    return this.state.allComments(query.platform);
  }

  @Get('posts')
  posts(@Query() query: PostsQuery) {
    return this.state.allPosts(query.platform).map((post) => this.view(post));
  }

  @Get('accounts/:platform/:accountId/posts')
  postsOf(@Param('platform') platform: SimPlatform, @Param('accountId') accountId: string) {
    return this.state.postsOf(platform, accountId).map((post) => this.view(post));
  }

  /** Calls answered per platform and verdict, the call log and the photo's downloads, for checks on rate limits, retries and image fetches. */
  @Get('calls')
  calls() {
    return {
      rateLimited: Object.fromEntries(this.state.rateLimitedCalls),
      log: this.state.callLog,
      photoDownloads: this.state.photoDownloads,
    };
  }

  /** An image to use as a bulletin photo in tests and the demo. */
  @Get('assets/photo.png')
  photo(@Res() response: Response) {
    const card = defaultCard();
    this.state.photoDownloads += 1;
    response.type(card.contentType).send(card.bytes);
  }

  private view(post: SimPost) {
    const { appeal: _appeal, ...visible } = post;
    return { ...visible, counters: this.state.counters(post) };
  }
}
