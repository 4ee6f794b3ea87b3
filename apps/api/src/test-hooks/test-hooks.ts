import { Body, type CallHandler, Controller, type ExecutionContext, Injectable, type NestInterceptor, Put } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsInt, Max, Min } from 'class-validator';
import { Observable, tap } from 'rxjs';
import { Role } from '@mb/vocabulary';
import { Access } from '@mb/auth';
import { RequestContext } from '@mb/common';
import { TestClockFollower } from '@mb/database';

export class TestClockDto {
  /** How far ahead of real time every process's clock runs. */
  @IsInt()
  @Min(0)
  @Max(365 * 24 * 60 * 60 * 1000)
  offsetMs: number;
}

/** Registered only with the test hooks on. */
@ApiExcludeController()
@Controller('test-clock')
export class TestClockController {
  constructor(private readonly clock: TestClockFollower) {}

  @Put()
  @Access(Role.Admin)
  async set(@Body() input: TestClockDto) {
    return { now: await this.clock.set(input.offsetMs) };
  }
}

/** Tells a test how many database queries a request made, so it can check they do not grow with the data. */
@Injectable()
export class QueryCountInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(tap(() => !response.sent && response.header('X-Query-Count', String(RequestContext.current().queries ?? 0))));
  }
}
