import { AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RequestContext } from '@mb/common';
import { clientRequestIdOf } from '@mb/common/server';

const CONTEXT_SCOPE = Symbol('request context scope');
type ScopedRequest = FastifyRequest & { [CONTEXT_SCOPE]?: AsyncResource };

/**
 * Every request runs in its own context: its id now (see requestIdOf, given to Fastify as its
 * genReqId), the actor once the guard knows them. Reading the body ends the async scope the
 * request began in, so the handler is entered again in the scope kept when the request came in.
 */
export function keepRequestContext(server: FastifyInstance): void {
  server.addHook('onRequest', (request: ScopedRequest, reply, done) => {
    reply.header('X-Request-Id', request.id);
    RequestContext.run({ requestId: request.id, clientRequestId: clientRequestIdOf(request), actor: null }, () => {
      const scope = new AsyncResource('mb-request');
      request[CONTEXT_SCOPE] = scope;
      scope.runInAsyncScope(done);
    });
  });
  server.addHook('preValidation', (request: ScopedRequest, _reply, done) => {
    const scope = request[CONTEXT_SCOPE];
    if (scope) scope.runInAsyncScope(done);
    else done();
  });
}
