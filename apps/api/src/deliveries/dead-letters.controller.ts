import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { pageOf } from '@mb/common';
import { Role } from '@mb/vocabulary';
import { Access } from '@mb/auth';
import { DeadLetter, DeadLetters, DeadLetterSelection, ListDeadLettersQuery } from '@mb/dispatch';

@ApiTags('deliveries')
@Controller('deliveries/dead-letters')
@Access(Role.Reviewer, Role.Admin)
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetters) {}

  /** Deliveries that failed for good, with their reason; filter by platform, unit (subtree), bulletin or error code. */
  @Get()
  @ApiOkResponse({ type: pageOf(DeadLetter) })
  list(@Query() query: ListDeadLettersQuery) {
    return this.deadLetters.list(query);
  }

  /** Retries the listed dead letters, or every one matching the filter. */
  @Post('retry')
  @HttpCode(200)
  retry(@Body() selection: DeadLetterSelection) {
    return this.deadLetters.retry(selection);
  }

  @Post('cancel')
  @HttpCode(200)
  cancel(@Body() selection: DeadLetterSelection) {
    return this.deadLetters.cancel(selection);
  }
}
