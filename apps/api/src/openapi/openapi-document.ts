import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorBody } from '@mb/common';

const ERROR_ANSWERS = {
  '4XX': 'Refused: `code` says why and `field` names the input at fault; nothing was changed',
  '5XX': 'Not available now (the database or the queue); `Retry-After` says when to try again',
};

/** The api's OpenAPI document: served at /docs-json and the source of the console's typed client. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const description = new DocumentBuilder()
    .setTitle('Matrix Broadcast API')
    .setDescription('Bulletins, targeting, fan-out to subordinate accounts, delivery progress, tips and reports.')
    .setVersion('0.1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, description, { extraModels: [ErrorBody] });
  // Every error leaves the api in one shape (DomainExceptionFilter): said once here for every operation.
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      if (typeof operation !== 'object' || !operation || !('responses' in operation)) continue;
      for (const [status, text] of Object.entries(ERROR_ANSWERS)) {
        operation.responses[status] ??= {
          description: text,
          content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBody) } } },
        };
      }
    }
  }
  return document;
}
