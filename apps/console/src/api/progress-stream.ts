import { createParser } from 'eventsource-parser';
import { useEffect, useState } from 'react';
import { api, mustAs } from './client';
import { freshAccessToken } from './session';
import type { FanOutProgress } from './views';

const AFTER_STREAM_POLL_MS = 5000;

/**
 * A bulletin's fan-out as it happens: the api's Server-Sent Events stream (read with fetch, which
 * can send the sign-in; EventSource cannot), then a slow poll while delayed rings are still to
 * widen, since the stream ends when every delivery written so far has finished.
 */
export function useFanOutProgress(bulletinId: string | undefined, enabled: boolean): FanOutProgress | undefined {
  const [progress, setProgress] = useState<FanOutProgress>();
  useEffect(() => {
    if (!bulletinId || !enabled) return;
    const stop = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ringsPending = (latest?: FanOutProgress) => latest?.rings.some((ring) => ring.expandedAt === null) ?? false;
    let latest: FanOutProgress | undefined;

    async function stream(): Promise<void> {
      const token = await freshAccessToken();
      const response = await fetch(`/bulletins/${bulletinId}/progress/stream`, {
        headers: { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        signal: stop.signal,
      });
      if (!response.ok || !response.body) return;
      const parser = createParser({
        onEvent: (event) => {
          if (event.event !== 'progress') return;
          latest = JSON.parse(event.data) as FanOutProgress;
          setProgress(latest);
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
    }

    // A failed read is tried again on the next tick: the panel must not stay empty after one refused call.
    async function poll(): Promise<void> {
      if (stop.signal.aborted) return;
      let failed = false;
      try {
        latest = await mustAs<FanOutProgress>(api.GET('/bulletins/{id}/progress', { params: { path: { id: bulletinId! } } }));
        setProgress(latest);
      } catch {
        failed = true;
      }
      if (!stop.signal.aborted && (failed || !latest || ringsPending(latest) || latest.percentDone < 100))
        timer = setTimeout(() => void poll(), AFTER_STREAM_POLL_MS);
    }

    void stream()
      .catch(() => undefined)
      .then(() => {
        if (stop.signal.aborted) return;
        // A stream that ended (or failed) before any event leaves the panel to a read at once.
        if (!latest) void poll();
        else if (ringsPending(latest) || latest.percentDone < 100) timer = setTimeout(() => void poll(), AFTER_STREAM_POLL_MS);
      });
    return () => {
      stop.abort();
      clearTimeout(timer);
    };
  }, [bulletinId, enabled]);
  return progress;
}
