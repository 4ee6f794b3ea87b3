import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { carriesScrapeToken, collectProcessMetrics, metricsRegistry } from '@mb/common';
import { AppConfig } from '@mb/config';

/**
 * The worker serves no HTTP otherwise: its metrics have a listener of their own, on the configured
 * private address, answering the scrape token only. Off without a token or a port.
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsListener.name);
  private server: Server | null = null;

  constructor(private readonly config: AppConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    collectProcessMetrics();
    const token = this.config.metricsScrapeToken;
    if (!token || this.config.workerMetricsPort === 0) return;
    this.server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') return response.writeHead(404).end();
      if (!carriesScrapeToken(request.headers.authorization, token)) return response.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
      metricsRegistry.metrics().then(
        (text) => response.writeHead(200, { 'Content-Type': metricsRegistry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject).listen(this.config.workerMetricsPort, this.config.metricsHost, () => resolve());
    });
    this.logger.log({ host: this.config.metricsHost, port: this.config.workerMetricsPort }, 'metrics listening');
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
