import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { writeFileSync } from 'node:fs';
import { loadConfigForDocument } from '@mb/config';
import { ApiModule } from '../api.module';
import { openApiDocument } from './openapi-document';

/**
 * Writes the OpenAPI document to the path given (the build's input for the console's client) without
 * connecting anywhere: preview mode builds the module graph but instantiates no provider.
 */
async function main(path: string): Promise<void> {
  const config = loadConfigForDocument();
  const app = await NestFactory.create(ApiModule.register(config), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  writeFileSync(path, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
}

void main(process.argv[2] ?? 'dist/openapi.json');
