import axios from 'axios';
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

/** Downloads a bulletin image to upload it to a platform that does not take links. */
export async function fetchImage(url: string, timeoutMs: number): Promise<ImageFile> {
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

/** A Blob is immutable: the same picture (the default card, on every post of a fan-out) is copied into one once. */
const blobs = new WeakMap<Buffer, Blob>();

export function formWithFile(field: string, image: ImageFile, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  let blob = blobs.get(image.bytes);
  if (!blob || blob.type !== image.contentType) {
    blob = new Blob([new Uint8Array(image.bytes)], { type: image.contentType });
    blobs.set(image.bytes, blob);
  }
  form.set(field, blob, image.fileName);
  return form;
}
