import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { getHeapStatistics } from 'node:v8';
import { AppConfig, loadConfigOrExit } from '@mb/config';
import { deliveriesInFlightOnAllPlatforms } from '@mb/platforms';
import { selectQueueBackend } from '@mb/queue';
import { WorkerModule } from './worker.module';

/** Roughly what one delivery in flight holds (its job, rendered post, request and answer), with room to spare. */
const HEAP_MB_PER_DELIVERY_IN_FLIGHT = 0.2;
const HEAP_MB_BASE = 64;

/**
 * The worker runs with a capped heap (apps/worker/node-flags): it holds only the deliveries in
 * flight, and a capped heap keeps its memory flat however many accounts a fan-out reaches. A
 * concurrency the cap cannot hold is refused at start, not discovered as a crash mid fan-out.
 */
function heapFitsConcurrency(config: AppConfig): boolean {
  const neededMb = Math.ceil(HEAP_MB_BASE + HEAP_MB_PER_DELIVERY_IN_FLIGHT * deliveriesInFlightOnAllPlatforms(config.workerConcurrency));
  const limitMb = getHeapStatistics().heap_size_limit / 2 ** 20;
  if (limitMb >= neededMb) return true;
  process.stderr.write(
    `workerConcurrency ${config.workerConcurrency} needs a heap of about ${neededMb} MB; this worker has ${Math.floor(limitMb)} MB. Start it with --max-old-space-size=${neededMb} (see apps/worker/node-flags).\n`,
  );
  return false;
}

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  if (!heapFitsConcurrency(config)) process.exit(78);
  selectQueueBackend(config, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  app.get(Logger).log({ queueBackend: config.queueBackend, concurrency: config.workerConcurrency }, 'worker consuming');
}

void bootstrap();
