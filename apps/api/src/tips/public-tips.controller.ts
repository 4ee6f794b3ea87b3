import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiExcludeEndpoint, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { Public } from '@mb/auth';
import { RateLimitGuard } from '@mb/common/server';
import {
  AttributionCodeParam,
  PublicThreadView,
  PublicTipView,
  ReplyCodeParam,
  SubmitTipDto,
  ThreadMessageDto,
  TipIntakeService,
  TipReceiptView,
  TipThreadService,
} from '@mb/tips';

/** Every route that takes a reply code counts against one per-client limit, so codes cannot be tried in bulk. */
const REPLY_CODE_ONLY = { login: true, 'tip-client': true, 'tip-bulletin': true };
import { PUBLIC_PAGE_SECURITY } from '../public/page-security';
import { PublicAnswerInterceptor } from './public-answer.interceptor';
import { TIP_PAGE_HTML, TIP_PAGE_SCRIPT } from './tip-page';

/** What the public reaches through the link in a post: the tip page, and the API behind it. */
@ApiTags('public tips')
@Controller()
@UseInterceptors(PublicAnswerInterceptor)
export class PublicTipsController {
  constructor(
    private readonly intake: TipIntakeService,
    private readonly threads: TipThreadService,
  ) {}

  @Get('t/assets/tip-page.js')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  script() {
    return TIP_PAGE_SCRIPT;
  }

  /** The tip page of one bulletin as carried by one account (the code says which). */
  @Get('t/:code')
  @Public()
  @ApiExcludeEndpoint()
  page(@Param() _link: AttributionCodeParam, @Res({ passthrough: true }) response: FastifyReply) {
    response
      .headers({ 'Content-Security-Policy': PUBLIC_PAGE_SECURITY, 'X-Content-Type-Options': 'nosniff' })
      .type('text/html; charset=utf-8');
    return TIP_PAGE_HTML;
  }

  @Get('public/links/:code')
  @Public()
  describeLink(@Param() link: AttributionCodeParam) {
    return this.intake.describeLink(link.code);
  }

  /** Stored and committed before the answer; the same Idempotency-Key gives the same answer once more. */
  @Post('public/tips')
  @Public()
  @HttpCode(201)
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ login: true, 'reply-code': true })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: TipReceiptView })
  @ApiOkResponse({ type: TipReceiptView, description: 'The same Idempotency-Key again: the earlier answer' })
  async submit(
    @Body() input: SubmitTipDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('x-tip-source') source: string | undefined,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    const receipt = await this.intake.submit(input, idempotencyKey, source === 'page' ? 'page' : 'api');
    // 201 for a new tip; 200 when the same Idempotency-Key repeats an earlier answer.
    if (!receipt.created) response.status(200);
    return { replyCode: receipt.replyCode, replyDueAt: receipt.replyDueAt } satisfies TipReceiptView;
  }

  /** The progress, the first reply and the thread since; the tip page shows it after the code is typed. */
  @Get('public/tips/:replyCode')
  @Public()
  @UseGuards(RateLimitGuard)
  @SkipThrottle(REPLY_CODE_ONLY)
  @ApiOkResponse({ type: PublicThreadView })
  status(@Param() params: ReplyCodeParam): Promise<PublicTipView> {
    return this.threads.publicThread(params.replyCode);
  }

  /** The tipster writes again, with photos if they have them (cleaned as at intake); the answer is the thread. */
  @Post('public/tips/:replyCode/messages')
  @Public()
  @HttpCode(201)
  @UseGuards(RateLimitGuard)
  @SkipThrottle(REPLY_CODE_ONLY)
  @ApiCreatedResponse({ type: PublicThreadView })
  write(@Param() params: ReplyCodeParam, @Body() input: ThreadMessageDto) {
    return this.threads.fromTipster(params.replyCode, input);
  }
}
