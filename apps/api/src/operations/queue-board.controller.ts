import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access } from '@mb/auth';
import { AppConfig } from '@mb/config';
import { Role } from '@mb/vocabulary';
import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_PATH } from './queue-board';

export class QueueBoardSession {
  /** Where the board is; the cookie just set lets this browser open it until the access token expires. */
  @ApiProperty({ example: QUEUE_BOARD_PATH })
  url: string;

  @ApiProperty()
  expiresInSeconds: number;
}

@ApiTags('operations')
@Controller('admin/queue-board')
@Access(Role.Admin)
export class QueueBoardController {
  constructor(private readonly config: AppConfig) {}

  /** Lets the browser tab the console opens reach the queue board: the caller's access token, as a cookie only the board's paths receive. */
  @Post('session')
  @HttpCode(200)
  @ApiOkResponse({ type: QueueBoardSession })
  open(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): QueueBoardSession {
    const token = (request.headers.authorization ?? '').slice('Bearer '.length);
    const secure = this.config.publicBaseUrl.startsWith('https:') ? '; Secure' : '';
    reply.header(
      'Set-Cookie',
      `${QUEUE_BOARD_COOKIE}=${encodeURIComponent(token)}; Path=${QUEUE_BOARD_PATH}; Max-Age=${this.config.accessTokenTtlSeconds}; HttpOnly; SameSite=Strict${secure}`,
    );
    return { url: QUEUE_BOARD_PATH, expiresInSeconds: this.config.accessTokenTtlSeconds };
  }
}
