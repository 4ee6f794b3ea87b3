import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The api's OpenAPI document: served at /docs-json and the source of the console's typed client. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const description = new DocumentBuilder()
    .setTitle('Matrix Broadcast API')
    .setDescription('Bulletins, targeting, fan-out to subordinate accounts, delivery progress, tips and reports.')
    .setVersion('0.1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, description);
}
