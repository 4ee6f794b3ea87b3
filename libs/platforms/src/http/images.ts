import axios from 'axios';
import { LRUCache } from 'lru-cache';
import { PlatformError, PlatformErrorCode } from '../platform.error';

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

/**
 * Bulletin pictures recently downloaded, by URL. A fan-out uploads the same few pictures to
 * thousands of accounts; each is downloaded once per worker (concurrent posts wait for the same
 * download) and kept for minutes, within a byte budget, since a new photo is a new URL.
 */
const downloads = new LRUCache<string, ImageFile, number>({
  maxSize: 48 * 2 ** 20,
  sizeCalculation: (image) => Math.max(1, image.bytes.length),
  ttl: 10 * 60_000,
  fetchMethod: (url, _stale, { context: timeoutMs }) => downloadImage(url, timeoutMs),
});

/** A bulletin image, to upload it to a platform that does not take links. */
export async function fetchImage(url: string, timeoutMs: number): Promise<ImageFile> {
  return (await downloads.fetch(url, { context: timeoutMs })) as ImageFile;
}

async function downloadImage(url: string, timeoutMs: number): Promise<ImageFile> {
  try {
    const response = await axios.get<ArrayBuffer>(url, { responseType: 'arraybuffer', timeout: timeoutMs, maxContentLength: MAX_IMAGE_BYTES });
    const contentType = String(response.headers['content-type'] ?? 'image/jpeg').split(';')[0];
    if (!contentType.startsWith('image/')) throw new Error(`not an image (${contentType})`);
    const fileName = new URL(url).pathname.split('/').pop() || 'image';
    return { bytes: Buffer.from(response.data), contentType, fileName };
  } catch (error) {
    throw new PlatformError(PlatformErrorCode.Rejected, `bulletin image ${url} could not be read: ${(error as Error).message}`);
  }
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
