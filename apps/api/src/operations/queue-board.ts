import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthGuard } from '@mb/auth';
import { DomainError } from '@mb/common';
import { PlatformQueues } from '@mb/queue';
import { PLATFORMS, Role } from '@mb/vocabulary';

export const QUEUE_BOARD_PATH = '/admin/queues';
export const QUEUE_BOARD_COOKIE = 'mb_queue_board';

/** The board's own token: the Authorization header (scripts), or the cookie the console sets for the browser tab it opens. */
function tokenOf(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return header.slice(7);
  const cookie = (request.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${QUEUE_BOARD_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(QUEUE_BOARD_COOKIE.length + 1)) : '';
}

/**
 * The queue dashboard (bull-board) for admins: waiting, delayed, active and failed jobs of every
 * platform queue, on either queue backend. Its pages are not Nest routes, so the same token check
 * as the API's guards them here.
 */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const queues = app.get(PlatformQueues);
  const guard = app.get(AuthGuard);
  const board = new BoardAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    // Read-only: the database decides what is delivered; retrying or cancelling is the dead-letter screen's work.
    queues: PLATFORMS.map((platform) => new BullMQAdapter(queues.queue(platform), { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: '投递队列', locale: { lng: 'zh-CN' } } },
  });
  await app
    .getHttpAdapter()
    .getInstance()
    .register(async (scope: FastifyInstance) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        try {
          await guard.admit(tokenOf(request), [Role.Admin]);
        } catch (error) {
          const status = error instanceof DomainError ? 401 : 403;
          const body =
            error instanceof DomainError
              ? { code: error.code, message: error.message }
              : { code: 'ACCESS_DENIED', message: 'the queue board is for admins' };
          return reply.status(status).header('Content-Type', 'application/json; charset=utf-8').send(body);
        }
      });
      await scope.register(board.registerPlugin() as never, { prefix: QUEUE_BOARD_PATH });
    });
}
