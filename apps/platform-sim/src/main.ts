import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { DomainExceptionFilter, strictValidationPipe } from '@mb/common';
import { loadConfigOrExit } from '@mb/config';
import { SimModule } from './sim.module';

/** The platform simulator: the platforms' HTTP shapes on one port, one path prefix per platform. */
async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.create<NestExpressApplication>(SimModule.register(config), {
    bufferLogs: true,
    rawBody: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: '50mb' });
  app.useBodyParser('urlencoded', { extended: false, limit: '10mb' });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  app.enableShutdownHooks();
  await app.listen(config.simulator.port, '127.0.0.1');
  app.get(Logger).log({ url: await app.getUrl() }, 'platform simulator listening');
}

void bootstrap();
