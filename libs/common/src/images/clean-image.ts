import type { Sharp, SharpOptions } from 'sharp';

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** The format sharp names for each type we take. */
const FORMAT_OF: Record<ImageType, 'jpeg' | 'png' | 'webp'> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/** Larger pictures are refused before decoding: a small file can claim a huge canvas. */
const MAX_PIXELS = 40_000_000;

export class ImageRefused extends Error {}

/** Loaded on first use: only the processes that take pictures pay for libvips. */
let loaded: Promise<(input: Buffer, options: SharpOptions) => Sharp> | undefined;
function sharpOf(): Promise<(input: Buffer, options: SharpOptions) => Sharp> {
  loaded ??= import('sharp').then((module) => (module.default ?? module) as unknown as (input: Buffer, options: SharpOptions) => Sharp);
  return loaded;
}

/**
 * A picture decoded and encoded again, with nothing but its pixels: EXIF (GPS position, device,
 * time), XMP, ICC and comments are gone, the orientation is applied first so it still shows
 * upright. Bytes that do not decode as the type they claim (a polyglot, a script with a JPEG
 * header) are refused.
 */
export async function cleanImage(bytes: Buffer, claimedType: ImageType): Promise<Buffer> {
  const sharp = await sharpOf();
  let format: string | undefined;
  try {
    format = (await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).metadata()).format;
  } catch {
    throw new ImageRefused('is not a readable image');
  }
  if (format !== FORMAT_OF[claimedType]) throw new ImageRefused(`is not a ${claimedType} image`);
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
    const encoded =
      claimedType === 'image/jpeg'
        ? image.jpeg({ quality: 88, mozjpeg: true })
        : claimedType === 'image/png'
          ? image.png()
          : image.webp({ quality: 88 });
    return await encoded.toBuffer();
  } catch {
    throw new ImageRefused('is not a readable image');
  }
}

/** Width and height of a picture, read from its header. */
export async function imageSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  const metadata = await (await sharpOf())(bytes, { limitInputPixels: MAX_PIXELS }).metadata();
  return { width: metadata.width ?? 0, height: metadata.height ?? 0 };
}
