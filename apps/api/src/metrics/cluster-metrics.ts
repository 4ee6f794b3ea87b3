import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { metricsRegistry } from '@mb/common';

const REQUEST = 'mb:metrics-request';
const ANSWER = 'mb:metrics-answer';
const ANSWER_TIMEOUT_MS = 5_000;

interface MetricsMessage {
  type?: string;
  id?: number;
  text?: string;
  error?: string;
}

/**
 * With several api processes on one port a scrape reaches any one of them, so the one reached asks
 * the supervising process, which gathers every api process's series (prom-client's aggregator).
 */
export function superviseClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: MetricsMessage) => {
    if (message?.type !== REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: message.id, text }),
      (error: Error) => worker.send({ type: ANSWER, id: message.id, error: error.message }),
    );
  });
}

let nextRequest = 0;
const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();

/** In an api process under the supervisor: answer its gathering with this process's registry. */
export function joinClusterMetrics(): void {
  if (!cluster.isWorker) return;
  AggregatorRegistry.setRegistries([metricsRegistry]);
  // Constructing one installs prom-client's answering listener in this process.
  new AggregatorRegistry();
  process.on('message', (message: MetricsMessage) => {
    if (message?.type !== ANSWER || message.id === undefined) return;
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiting?.reject(new Error(message.error));
    else waiting?.resolve(message.text ?? '');
  });
}

/** The text Prometheus scrapes: this process's series, or the whole cluster's. */
export function scrapeText(): Promise<string> {
  if (!cluster.isWorker) return metricsRegistry.metrics();
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error('the supervising process did not answer with the metrics'));
    }, ANSWER_TIMEOUT_MS);
    pending.set(id, {
      resolve: (text) => (clearTimeout(timer), resolve(text)),
      reject: (error) => (clearTimeout(timer), reject(error)),
    });
    process.send?.({ type: REQUEST, id });
  });
}
