import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Role } from '@mb/vocabulary';
import { Access } from '@mb/auth';
import { PageQuery, ParseIdPipe } from '@mb/common';
import { RepostReviewService } from '@mb/dispatch';

@ApiTags('reposts')
@Controller('reposts')
@Access(Role.UnitOperator, Role.Admin)
export class RepostsController {
  constructor(private readonly reviews: RepostReviewService) {}

  /** Reposts waiting for review on the accounts of the operator's subtree. */
  @Get()
  pending(@Query() page: PageQuery) {
    return this.reviews.pending(page);
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@Param('id', ParseIdPipe) id: string) {
    return this.reviews.decide(id, true);
  }

  @Post(':id/decline')
  @HttpCode(200)
  decline(@Param('id', ParseIdPipe) id: string) {
    return this.reviews.decide(id, false);
  }
}
