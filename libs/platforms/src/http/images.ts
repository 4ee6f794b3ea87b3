import { Agent, request } from 'undici';
import { LRUCache } from 'lru-cache';
import { PlatformError, PlatformErrorCode } from '../platform.error';
import { OutboundGuard } from './outbound-guard';

const DEFAULT_CARD_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAASwAAADICAIAAADdvUsCAAABsUlEQVR42u3TQQ0AAAjEsHOCD2xiGBk8aFIFS5bqAQ5FAjAhmBAwIZgQMCGYEDAhmBAwIZgQMCGYEDAhmBAwIZgQMCGYEDAhmBAwIZgQMCGYEDAhmBAwIZgQMCGYEDAhmBAwIZgQMCGYEDAhmBAwIZgQMCGYEDAhmBAwIZgQMCGYEDAhmBAwIZgQMCGYEDAhmBAwIZgQMCGYEDAhmBAwIZgQTKgCmBBMCJgQTAiYEEwImBBMCJgQTAiYEEwImBBMCJgQTAiYEEwImBBMCJgQTAiYEEwImBBMCJgQTAiYEEwImBBMCJgQTAiYEEwImBBMCJgQTAiYEEwImBBMCJgQTAiYEEwImBBMCJgQTAiYEEwImBBMCJgQTAiYEEwImBBMCJgQTAgmVAFMCCYETAgmBEwIJgRMCCYETAgmBEwIJgRMCCYETAgmBEwIJgRMCCYETAgmBEwIJgRMCCYETAgmBEwIJgRMCCYETAgmBEwIJgRMCCYETAgmBEwIJgRMCCYETAgmBEwIJgRMCCYETAgmBEwIJgRMCCYETAgmBEwIJgRMCCYETAgmBBMCJgQTAiaEnxaB2B0p307BoAAAAABJRU5ErkJggg==',
  'base64',
);
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export interface ImageFile {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

/** Platforms that need an uploaded picture (a cover, an image post) get this card when a bulletin has none. */
export function defaultCard(): ImageFile {
  return { bytes: DEFAULT_CARD_PNG, contentType: 'image/png', fileName: 'bulletin-card.png' };
}

const MAX_REDIRECTS = 3;

/**
 * Bulletin pictures, downloaded to upload them to a platform that does not take links. A fan-out
 * uploads the same few pictures to thousands of accounts; each is downloaded once per worker
 * (concurrent posts wait for the same download) and kept for minutes, within a byte budget, since
 * a new photo is a new URL. Every hop of a download, redirects included, connects only where the
 * outbound guard allows.
 */
export class ImageFetcher {
  private readonly dispatcher: Agent;
  private readonly downloads = new LRUCache<string, ImageFile, number>({
    maxSize: 48 * 2 ** 20,
    sizeCalculation: (image) => Math.max(1, image.bytes.length),
    ttl: 10 * 60_000,
    fetchMethod: (url, _stale, { context: timeoutMs }) => this.download(url, timeoutMs),
  });

  constructor(guard: OutboundGuard) {
    this.dispatcher = new Agent({ connections: 32, connect: guard.connector() });
  }

  async fetch(url: string, timeoutMs: number): Promise<ImageFile> {
    return (await this.downloads.fetch(url, { context: timeoutMs })) as ImageFile;
  }

  private async download(url: string, timeoutMs: number): Promise<ImageFile> {
    try {
      let location = new URL(url);
      for (let hop = 0; ; hop += 1) {
        if (location.protocol !== 'http:' && location.protocol !== 'https:') throw new Error('only http and https pictures are fetched');
        const answer = await request(location, {
          dispatcher: this.dispatcher,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          maxRedirections: 0,
        } as Parameters<typeof request>[1]);
        if (answer.statusCode >= 300 && answer.statusCode < 400 && answer.headers.location && hop < MAX_REDIRECTS) {
          await answer.body.dump();
          location = new URL(String(answer.headers.location), location);
          continue;
        }
        if (answer.statusCode !== 200) {
          await answer.body.dump();
          throw new Error(`answered ${answer.statusCode}`);
        }
        const contentType = String(answer.headers['content-type'] ?? 'image/jpeg').split(';')[0];
        if (!contentType.startsWith('image/')) {
          await answer.body.dump();
          throw new Error(`not an image (${contentType})`);
        }
        const bytes = await readAtMost(answer.body, MAX_IMAGE_BYTES);
        return { bytes, contentType, fileName: location.pathname.split('/').pop() || 'image' };
      }
    } catch (error) {
      throw new PlatformError(PlatformErrorCode.Rejected, `bulletin image could not be read: ${(error as Error).message}`);
    }
  }
}

async function readAtMost(body: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw new Error(`larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A picture as a multipart/form-data upload: the encoded body and the headers that name its boundary. */
export interface MultipartUpload {
  body: Buffer;
  headers: { 'Content-Type': string };
}

/** Encoded uploads by picture (a picture's bytes are never changed), then by field and file name. */
const uploads = new WeakMap<Buffer, Map<string, Promise<MultipartUpload>>>();

/**
 * The picture as the one file of a multipart form, encoded by the runtime's own FormData once per
 * picture and field: the same card goes on every post of a fan-out, and encoding it again for
 * each post (web streams over a Blob) cost the worker more CPU than the rest of the upload call.
 */
export function multipartUpload(field: string, image: ImageFile): Promise<MultipartUpload> {
  const key = `${field}\n${image.fileName}\n${image.contentType}`;
  let byForm = uploads.get(image.bytes);
  if (!byForm) uploads.set(image.bytes, (byForm = new Map()));
  let upload = byForm.get(key);
  if (!upload) {
    upload = encodeUpload(field, image);
    byForm.set(key, upload);
    upload.catch(() => byForm.delete(key));
  }
  return upload;
}

async function encodeUpload(field: string, image: ImageFile): Promise<MultipartUpload> {
  const form = new FormData();
  form.set(field, new Blob([new Uint8Array(image.bytes)], { type: image.contentType }), image.fileName);
  const encoded = new Response(form);
  const contentType = encoded.headers.get('content-type') as string;
  return { body: Buffer.from(await encoded.arrayBuffer()), headers: { 'Content-Type': contentType } };
}
