import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { DomainExceptionFilter, RequestContext, strictValidationPipe } from '@mb/common';
import { loadConfigOrExit } from '@mb/config';
import { selectQueueBackend } from '@mb/queue';
import { ApiModule } from './api.module';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  selectQueueBackend(config);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  // Every request runs in its own context: the request id now, the actor once the guard knows them.
  app.use((request: Request, response: Response, next: NextFunction) => {
    const given = request.headers['x-request-id'];
    const requestId = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    request.headers['x-request-id'] = requestId;
    RequestContext.run({ requestId, actor: null }, next);
  });
  app.useBodyParser('json', { limit: '20mb' });
  app.useBodyParser('text', { type: 'text/csv', limit: '20mb' });
  // The analysts' dashboard: a static build (npm run build) that reads the reports API.
  const dashboard = join(__dirname, '..', '..', '..', 'dashboard');
  if (existsSync(dashboard)) app.useStaticAssets(dashboard, { prefix: '/dashboard/', index: 'index.html', redirect: true });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Matrix Broadcast API')
    .setDescription('Bulletins, targeting, fan-out to subordinate accounts, and delivery progress.')
    .setVersion('0.1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'docs-json' });

  await app.listen(config.apiPort, '0.0.0.0');
  app.get(Logger).log({ url: await app.getUrl(), queueBackend: config.queueBackend }, 'api listening');
}

void bootstrap();
