import 'reflect-metadata';
import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import cluster from 'node:cluster';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectProcessMetrics, DomainExceptionFilter, METRICS, parseJsonBody, strictValidationPipe } from '@mb/common';
import { requestIdOf } from '@mb/common/server';
import { AppConfig, loadConfigOrExit } from '@mb/config';
import { selectQueueBackend } from '@mb/queue';
import { ApiModule } from './api.module';
import { openApiDocument } from './openapi/openapi-document';
import { joinClusterMetrics, superviseClusterMetrics } from './metrics/cluster-metrics';
import { mountQueueBoard } from './operations/queue-board';
import { keepRequestContext } from './request-context.hooks';

const BODY_LIMIT_BYTES = 20 * 1024 * 1024;
const IMAGE_LIMIT_BYTES = 10 * 1024 * 1024;

/** Every page the api serves (dashboard, API docs) runs only its own scripts and cannot be framed; the tip page sets a stricter one. */
const CONSOLE_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // ECharts and the API docs style elements inline.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
};

/**
 * The operator console: a static build (npm run build) under /console/. Its own files by name
 * (hashed, so kept by browsers for good); any other path under /console/ is one of its screens,
 * answered with its page. The analysts' former /dashboard/ leads to the console's analysis.
 */
function serveConsole(app: NestFastifyApplication): void {
  const root = join(__dirname, '..', '..', '..', 'console');
  if (!existsSync(join(root, 'index.html'))) return;
  const page = readFileSync(join(root, 'index.html'));
  const server = app.getHttpAdapter().getInstance();
  app.useStaticAssets({
    root: join(root, 'assets'),
    prefix: '/console/assets/',
    wildcard: false,
    // The build writes a Brotli and a gzip copy of each file (scripts/compress-console.mjs).
    preCompressed: true,
    immutable: true,
    maxAge: '365d',
  });
  const screen = (_request: unknown, reply: FastifyReply) =>
    reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(page);
  server.get('/console', (_request, reply) => reply.redirect('/console/'));
  server.get('/console/', screen);
  server.get('/console/*', screen);
  server.get('/dashboard', (_request, reply) => reply.redirect('/console/analysis'));
  server.get('/dashboard/*', (_request, reply) => reply.redirect('/console/analysis'));
}

async function bootstrap(config: AppConfig): Promise<void> {
  selectQueueBackend(config, 'api');
  // Fastify rather than Express: in paired probes a tip took the api 20-40% less CPU, and tips are what the public floods the api with.
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.register(config),
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      genReqId: requestIdOf,
      trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    }),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  const server = app.getHttpAdapter().getInstance();
  keepRequestContext(server);
  collectProcessMetrics();
  joinClusterMetrics();
  // Durations by route template (never the path itself: ids and codes would make a series each).
  server.addHook('onResponse', async (request, reply) => {
    METRICS.httpRequests.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  await app.register(helmet, { contentSecurityPolicy: { directives: CONSOLE_SECURITY_POLICY }, crossOriginEmbedderPolicy: false });
  // Answers carry sign-in tokens, tip contacts and reports: no browser or proxy keeps one unless it says otherwise.
  server.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
  // Bodies are JSON, or CSV for an account import; anything else is refused as an unsupported type.
  server.removeContentTypeParser('text/plain');
  // The JSON parser is ours (Nest's own is off: bodyParser false), see parseJsonBody.
  server.removeContentTypeParser('application/json');
  server.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // A POST without a body often still names a form type (HTTP clients do): taken as no body; a form with content is refused.
  server.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    done(Object.assign(new Error('bodies are JSON'), { statusCode: 415 }), undefined);
  });
  // A bulletin picture is uploaded as the body itself; MediaService checks what it really is.
  server.addContentTypeParser(
    ['image/jpeg', 'image/png', 'image/webp'],
    { parseAs: 'buffer', bodyLimit: IMAGE_LIMIT_BYTES },
    (_request, body, done) => done(null, body),
  );
  server.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
  serveConsole(app);
  await mountQueueBoard(app);
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  app.enableShutdownHooks();

  SwaggerModule.setup('docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'docs-json' });

  await app.listen(config.apiPort, '0.0.0.0');
  // Idle kept-alive connections stay open longer than clients and proxies keep theirs (commonly up
  // to 60 s): closed by the api first, a connection a client is just reusing fails ("socket hang up").
  const http = app.getHttpServer();
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  app.get(Logger).log({ url: await app.getUrl(), queueBackend: config.queueBackend }, 'api listening');
}

/**
 * With apiProcesses > 1 this process only keeps that many api processes running on the shared port
 * (a crashed one is replaced) and hands them the signal to stop.
 */
function superviseApiProcesses(count: number): void {
  let stopping = false;
  const log = (message: string, fields: Record<string, unknown>) =>
    process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), process: 'api-supervisor', msg: message, ...fields })}\n`);
  superviseClusterMetrics();
  for (let index = 0; index < count; index += 1) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log('api process ended; starting another', { pid: worker.process.pid, code, signal });
    cluster.fork();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
      cluster.on('exit', () => {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      });
    });
  }
}

const config = loadConfigOrExit();
if (config.apiProcesses > 1 && cluster.isPrimary) superviseApiProcesses(config.apiProcesses);
else void bootstrap(config);
