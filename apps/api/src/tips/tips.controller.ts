import { Body, Controller, Get, Header, Param, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Role } from '@mb/vocabulary';
import { Access } from '@mb/auth';
import { imageContent, pageOf, toCsv, ParseIdPipe } from '@mb/common';
import {
  ListTipsQuery,
  ReplyStatsQuery,
  ReplyTipDto,
  ThreadMessageDto,
  ThreadMessageView,
  ThreadPhotoParams,
  TipRewardDto,
  TipsService,
  TipThreadService,
  TipView,
  TriageTipDto,
} from '@mb/tips';

const READERS = [Role.Admin, Role.UnitOperator, Role.Editor, Role.Reviewer, Role.Analyst];
const HANDLERS = [Role.Admin, Role.UnitOperator];

/** Never a name or a contact: exports leave the system. */
const EXPORT_COLUMNS: Array<{ header: string; value: (tip: TipView) => string | number | boolean | null | Date }> = [
  { header: '查询码', value: (tip) => tip.replyCode },
  { header: '通告', value: (tip) => tip.bulletinTitle ?? '' },
  { header: '来源', value: (tip) => tip.source },
  { header: '平台', value: (tip) => tip.platform },
  { header: '状态', value: (tip) => tip.status },
  { header: '线索内容', value: (tip) => tip.text },
  { header: '承办单位', value: (tip) => tip.handlingUnitId },
  { header: '收到时间', value: (tip) => tip.receivedAt },
  { header: '答复时限', value: (tip) => tip.replyDueAt },
  { header: '答复时间', value: (tip) => tip.reply?.at ?? null },
  { header: '升级次数', value: (tip) => tip.escalations },
  { header: '奖励状态', value: (tip) => tip.reward.status },
  { header: '奖励金额', value: (tip) => tip.reward.amount },
];

@ApiTags('tips')
@Controller('tips')
export class TipsController {
  constructor(
    private readonly tips: TipsService,
    private readonly threads: TipThreadService,
  ) {}

  @Get()
  @ApiOkResponse({ type: pageOf(TipView) })
  @Access(...READERS)
  list(@Query() query: ListTipsQuery) {
    return this.tips.list(query);
  }

  @Get('export.csv')
  @Access(...READERS)
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="tips.csv"')
  async export(@Query() query: ListTipsQuery) {
    return toCsv(await this.tips.exportRows(query), EXPORT_COLUMNS);
  }

  /** Per unit: tips handed to it, replied, escalated away, and time to reply. */
  @Get('reply-stats')
  @Access(...READERS)
  replyStats(@Query() query: ReplyStatsQuery) {
    return this.tips.replyStats(query.unitId);
  }

  @Get(':id')
  @Access(...READERS)
  get(@Param('id', ParseIdPipe) id: string) {
    return this.tips.get(id);
  }

  @Get(':id/photos/:photoId')
  @Access(...READERS)
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  @ApiOkResponse(imageContent(['image/jpeg', 'image/png', 'image/webp']))
  async photo(
    @Param('id', ParseIdPipe) id: string,
    @Param('photoId', ParseIdPipe) photoId: string,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    const photo = await this.tips.photo(id, photoId);
    response.headers({ 'Content-Type': photo.contentType, 'X-Content-Type-Options': 'nosniff' });
    return new StreamableFile(photo.bytes);
  }

  /** The tipster's name and contact: the handling unit's operators only; every view is audited. */
  @Get(':id/contact')
  @Access(Role.UnitOperator)
  contact(@Param('id', ParseIdPipe) id: string) {
    return this.tips.contact(id);
  }

  @Post(':id/triage')
  @Access(...HANDLERS)
  triage(@Param('id', ParseIdPipe) id: string, @Body() decision: TriageTipDto) {
    return this.tips.triage(id, decision);
  }

  @Post(':id/reply')
  @Access(...HANDLERS)
  reply(@Param('id', ParseIdPipe) id: string, @Body() input: ReplyTipDto) {
    return this.tips.reply(id, input);
  }

  /** The thread with the tipster, oldest first. */
  @Get(':id/messages')
  @Access(...READERS)
  @ApiOkResponse({ type: ThreadMessageView, isArray: true })
  messages(@Param('id', ParseIdPipe) id: string) {
    return this.threads.ofTip(id);
  }

  /** The handling unit answers the tipster in the thread (read on the tip page with the reply code). */
  @Post(':id/messages')
  @Access(...HANDLERS)
  @ApiCreatedResponse({ type: ThreadMessageView, isArray: true })
  answer(@Param('id', ParseIdPipe) id: string, @Body() input: ThreadMessageDto) {
    return this.threads.answer(id, input);
  }

  @Get(':id/messages/:messageId/photos/:photoId')
  @Access(...READERS)
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  @ApiOkResponse(imageContent(['image/jpeg', 'image/png', 'image/webp']))
  async messagePhoto(@Param() params: ThreadPhotoParams, @Res({ passthrough: true }) response: FastifyReply) {
    const photo = await this.threads.photo(params.id, params.messageId, params.photoId);
    response.headers({ 'Content-Type': photo.contentType, 'X-Content-Type-Options': 'nosniff' });
    return new StreamableFile(photo.bytes);
  }

  @Put(':id/reward')
  @Access(...HANDLERS)
  reward(@Param('id', ParseIdPipe) id: string, @Body() input: TipRewardDto) {
    return this.tips.reward(id, input);
  }
}
