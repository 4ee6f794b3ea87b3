import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@mb/auth';
import { carriesScrapeToken, metricsRegistry } from '@mb/common';
import { AppConfig } from '@mb/config';
import { scrapeText } from './cluster-metrics';

/** Prometheus's scrape of the api, for whoever holds the scrape token; nothing at all without a token configured. */
@Controller()
export class MetricsController {
  constructor(private readonly config: AppConfig) {}

  @Get('metrics')
  @Public()
  @ApiExcludeEndpoint()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply) {
    if (!this.config.metricsScrapeToken) return reply.status(404).send({ code: 'NOT_FOUND', message: 'metrics are not enabled' });
    if (!carriesScrapeToken(authorization, this.config.metricsScrapeToken)) {
      return reply
        .status(401)
        .header('WWW-Authenticate', 'Bearer')
        .send({ code: 'UNAUTHENTICATED', message: 'the scrape token is required' });
    }
    return reply.type(metricsRegistry.contentType).send(await scrapeText());
  }
}
