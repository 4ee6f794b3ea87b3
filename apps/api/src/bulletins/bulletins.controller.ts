import { Body, Controller, Get, HttpCode, MessageEvent, Param, ParseUUIDPipe, Post, Put, Query, Sse } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Observable, distinctUntilChanged, from, map, switchMap, takeWhile, timer } from 'rxjs';
import { BulletinContentDto, BulletinsService, CreateBulletinDto, ListBulletinsQuery, ResolveBulletinDto, ReviseBulletinDto, WithdrawBulletinDto } from '@mb/bulletins';
import { DeliveriesRepository, PreviewService, ProgressService, PublishService } from '@mb/dispatch';
import { ListDeliveriesQuery } from './list-deliveries.query';
import { PreviewQuery } from './preview.query';

const PROGRESS_POLL_MS = 1000;

@ApiTags('bulletins')
@Controller('bulletins')
export class BulletinsController {
  constructor(
    private readonly bulletins: BulletinsService,
    private readonly publishing: PublishService,
    private readonly progressReports: ProgressService,
    private readonly deliveries: DeliveriesRepository,
    private readonly previews: PreviewService,
  ) {}

  @Post()
  createDraft(@Body() input: CreateBulletinDto) {
    return this.bulletins.createDraft(input);
  }

  @Get()
  list(@Query() query: ListBulletinsQuery) {
    return this.bulletins.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.bulletins.get(id);
  }

  /** Replaces a draft's content; the previous content stays as an older version. */
  @Put(':id')
  revise(@Param('id', ParseUUIDPipe) id: string, @Body() input: ReviseBulletinDto) {
    return this.bulletins.revise(id, input);
  }

  @Get(':id/versions')
  versions(@Param('id', ParseUUIDPipe) id: string) {
    return this.bulletins.versions(id);
  }

  /** What each platform (or the one asked for) will show, with warnings where its limits cut. */
  @Get(':id/preview')
  preview(@Param('id', ParseUUIDPipe) id: string, @Query() query: PreviewQuery) {
    return this.previews.preview(id, query.platform);
  }

  @Post(':id/publish')
  @HttpCode(202)
  publish(@Param('id', ParseUUIDPipe) id: string) {
    return this.publishing.publish(id);
  }

  /** A new version of a published bulletin, carried to every account ("reward raised", "new photo"). */
  @Post(':id/updates')
  @HttpCode(202)
  publishUpdate(@Param('id', ParseUUIDPipe) id: string, @Body() input: BulletinContentDto) {
    return this.publishing.publishUpdate(id, input);
  }

  /** The case is solved: every live post is marked with the outcome. */
  @Post(':id/resolve')
  @HttpCode(202)
  resolve(@Param('id', ParseUUIDPipe) id: string, @Body() input: ResolveBulletinDto) {
    return this.publishing.resolve(id, input);
  }

  /** Cancels what is not yet posted and takes down every post already made. */
  @Post(':id/withdraw')
  @HttpCode(202)
  withdraw(@Param('id', ParseUUIDPipe) id: string, @Body() _input: WithdrawBulletinDto) {
    return this.publishing.withdraw(id);
  }

  @Get(':id/progress')
  progress(@Param('id', ParseUUIDPipe) id: string) {
    return this.progressReports.progress(id);
  }

  /** Server-Sent Events: a `progress` event whenever the counts change; the stream ends at 100%. */
  @Sse(':id/progress/stream')
  async progressStream(@Param('id', ParseUUIDPipe) id: string): Promise<Observable<MessageEvent>> {
    await this.progressReports.progress(id);
    return timer(0, PROGRESS_POLL_MS).pipe(
      switchMap(() => from(this.progressReports.progress(id))),
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
      takeWhile((progress) => progress.total === 0 || progress.percentDone < 100, true),
      map((progress) => ({ type: 'progress', data: progress })),
    );
  }

  @Get(':id/deliveries')
  async listDeliveries(@Param('id', ParseUUIDPipe) id: string, @Query() query: ListDeliveriesQuery) {
    await this.bulletins.get(id);
    return this.deliveries.list(id, query.state, query.limit, query.offset);
  }
}
