import { Body, Controller, Get, HttpCode, type MessageEvent, Param, Post, Put, Query, Sse, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Observable, distinctUntilChanged, from, map, switchMap, takeWhile, timer } from 'rxjs';
import { Role } from '@mb/vocabulary';
import { Access } from '@mb/auth';
import {
  BulletinContentDto,
  BulletinProposalsService,
  BulletinsService,
  CreateBulletinDto,
  ListBulletinsQuery,
  RejectBulletinDto,
  ResolveBulletinDto,
  ReviseBulletinDto,
  ScheduleBulletinDto,
  WithdrawBulletinDto,
} from '@mb/bulletins';
import {
  DeliveryListItem,
  DeliveryReadsRepository,
  PreviewService,
  ProgressService,
  PublishAnswer,
  PublishService,
  RepostBoardService,
  TargetPreviewService,
  UnitRepost,
} from '@mb/dispatch';
import { KindUnchangedInterceptor } from './kind-unchanged.interceptor';
import { ListDeliveriesQuery } from './list-deliveries.query';
import { PreviewQuery } from './preview.query';
import { ProposalParams } from './proposal.params';
import { pageOf, ParseIdPipe } from '@mb/common';

const PROGRESS_POLL_MS = 1000;
const WRITERS = [Role.Editor, Role.Admin];
const REVIEWERS = [Role.Reviewer, Role.Admin];
const READERS = [Role.Editor, Role.Reviewer, Role.Analyst, Role.Admin];

@ApiTags('bulletins')
@Controller('bulletins')
export class BulletinsController {
  constructor(
    private readonly bulletins: BulletinsService,
    private readonly proposals: BulletinProposalsService,
    private readonly publishing: PublishService,
    private readonly progressReports: ProgressService,
    private readonly deliveryRows: DeliveryReadsRepository,
    private readonly previews: PreviewService,
    private readonly targetPreviews: TargetPreviewService,
    private readonly repostBoard: RepostBoardService,
  ) {}

  @Post()
  @Access(...WRITERS)
  createDraft(@Body() input: CreateBulletinDto) {
    return this.bulletins.createDraft(input);
  }

  @Get()
  @Access(...READERS)
  list(@Query() query: ListBulletinsQuery) {
    return this.bulletins.list(query);
  }

  /** Updates and resolution notes waiting for a second person, on every bulletin, oldest first. */
  @Get('updates/pending')
  @Access(...REVIEWERS)
  pendingProposals() {
    return this.proposals.pending();
  }

  @Get(':id')
  @Access(...READERS)
  get(@Param('id', ParseIdPipe) id: string) {
    return this.bulletins.get(id);
  }

  /** Replaces a draft's content; the previous content stays as an older version. */
  @Put(':id')
  @Access(...WRITERS)
  @UseInterceptors(KindUnchangedInterceptor)
  revise(@Param('id', ParseIdPipe) id: string, @Body() input: ReviseBulletinDto) {
    return this.bulletins.revise(id, input);
  }

  @Get(':id/versions')
  @Access(...READERS)
  versions(@Param('id', ParseIdPipe) id: string) {
    return this.bulletins.versions(id);
  }

  /** What each platform (or the one asked for) will show, with warnings where its limits cut. */
  @Get(':id/preview')
  @Access(...WRITERS, Role.Reviewer)
  preview(@Param('id', ParseIdPipe) id: string, @Query() query: PreviewQuery) {
    return this.previews.preview(id, query.platform);
  }

  /** The editor sends the draft to review. */
  @Post(':id/submit')
  @Access(...WRITERS)
  @HttpCode(200)
  submit(@Param('id', ParseIdPipe) id: string) {
    return this.bulletins.submit(id);
  }

  /** Back to draft with the reviewer's reason. */
  @Post(':id/reject')
  @Access(...REVIEWERS)
  @HttpCode(200)
  reject(@Param('id', ParseIdPipe) id: string, @Body() input: RejectBulletinDto) {
    return this.bulletins.reject(id, input.reason);
  }

  /** A second person approves: never one who wrote or edited the bulletin. */
  @Post(':id/approve')
  @Access(...REVIEWERS)
  @HttpCode(200)
  approve(@Param('id', ParseIdPipe) id: string) {
    return this.bulletins.approve(id);
  }

  /** Accounts the target reaches, per ring, platform and city, with a sample, before anything is posted. */
  @Get(':id/target-preview')
  @Access(...WRITERS, Role.Reviewer)
  targetPreview(@Param('id', ParseIdPipe) id: string) {
    return this.targetPreviews.preview(id);
  }

  /** An approved bulletin is published at the given time (once, by the scheduler). */
  @Post(':id/schedule')
  @Access(...REVIEWERS)
  @HttpCode(200)
  schedule(@Param('id', ParseIdPipe) id: string, @Body() input: ScheduleBulletinDto) {
    return this.publishing.schedule(id, new Date(input.publishAt));
  }

  @Post(':id/publish')
  @Access(...REVIEWERS)
  @HttpCode(202)
  async publish(@Param('id', ParseIdPipe) id: string): Promise<PublishAnswer> {
    const published = await this.publishing.publish(id);
    return { ...published, reachGap: await this.targetPreviews.reachGap(id) };
  }

  /**
   * Proposes a new version of a live bulletin ("reward raised", "new photo"): it waits, shown as a
   * diff against the live version, until someone other than its author approves it.
   */
  @Post(':id/updates')
  @Access(...WRITERS, Role.Reviewer)
  @HttpCode(201)
  proposeUpdate(@Param('id', ParseIdPipe) id: string, @Body() input: BulletinContentDto) {
    return this.publishing.proposeUpdate(id, input);
  }

  /** Every change proposed for the bulletin, newest first, each with its diff against the version it was proposed on. */
  @Get(':id/updates')
  @Access(...READERS)
  listProposals(@Param('id', ParseIdPipe) id: string) {
    return this.proposals.list(id);
  }

  /** A second person approves: the change becomes the live version and goes to every post at once. */
  @Post(':id/updates/:proposalId/approve')
  @Access(...REVIEWERS)
  @HttpCode(202)
  approveProposal(@Param() params: ProposalParams) {
    return this.publishing.approveProposal(params.id, params.proposalId);
  }

  /** Turns a proposed change down, saying why; the live version stays. */
  @Post(':id/updates/:proposalId/reject')
  @Access(...REVIEWERS)
  @HttpCode(200)
  rejectProposal(@Param() params: ProposalParams, @Body() input: RejectBulletinDto) {
    return this.proposals.reject(params.id, params.proposalId, input.reason);
  }

  /** The case is solved: every live post is marked with the outcome (with a note, once a second person approves it). */
  @Post(':id/resolve')
  @Access(...REVIEWERS)
  @HttpCode(202)
  resolve(@Param('id', ParseIdPipe) id: string, @Body() input: ResolveBulletinDto) {
    return this.publishing.resolve(id, input);
  }

  /** Cancels what is not yet posted and takes down every post already made. */
  @Post(':id/withdraw')
  @Access(...REVIEWERS)
  @HttpCode(202)
  withdraw(@Param('id', ParseIdPipe) id: string, @Body() input: WithdrawBulletinDto) {
    return this.publishing.withdraw(id, input.reason);
  }

  @Get(':id/progress')
  @Access(...READERS)
  progress(@Param('id', ParseIdPipe) id: string) {
    return this.progressReports.progress(id);
  }

  /** Server-Sent Events: a `progress` event whenever the counts change; the stream ends at 100%. */
  @Sse(':id/progress/stream')
  @Access(...READERS)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'Events named `progress`, each `data` a FanOutProgress as JSON',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  async progressStream(@Param('id', ParseIdPipe) id: string): Promise<Observable<MessageEvent>> {
    await this.progressReports.progress(id);
    return timer(0, PROGRESS_POLL_MS).pipe(
      switchMap(() => from(this.progressReports.progress(id))),
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
      takeWhile((progress) => progress.total === 0 || progress.percentDone < 100, true),
      map((progress) => ({ type: 'progress', data: progress })),
    );
  }

  /** Per unit: posted, awaiting its review, failed (with the reason), not yet reached, how long it has taken, and whether it was nudged. */
  @Get(':id/repost-board')
  @Access(...READERS, Role.UnitOperator)
  @ApiOkResponse({ type: [UnitRepost] })
  repostBoardOf(@Param('id', ParseIdPipe) id: string) {
    return this.repostBoard.of(id);
  }

  @Get(':id/deliveries')
  @Access(...READERS)
  @ApiOkResponse({ type: pageOf(DeliveryListItem) })
  async listDeliveries(@Param('id', ParseIdPipe) id: string, @Query() query: ListDeliveriesQuery) {
    await this.bulletins.get(id);
    return this.deliveryRows.list(id, { state: query.state, platform: query.platform }, query.limit, query.offset);
  }
}
