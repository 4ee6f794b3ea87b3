import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@mb/audit';
import { cleanImage, IMAGE_TYPES, ImageRefused, imageSize, type ImageType, RequestContext } from '@mb/common';
import { AppConfig } from '@mb/config';
import { IMAGE_STORE, type ImageStore, type StoredImage } from './image-store';
import { MediaError, MediaErrorCode } from './media.error';
import { UploadedImageView } from './media.dto';

const EXTENSION_OF: Record<ImageType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
const IMAGE_NAME = /^([0-9a-f]{64})\.(jpg|png|webp)$/;

/**
 * Bulletin pictures: checked and cleaned on the way in (EXIF position, device and time dropped, a
 * polyglot refused), named by their content so the URL in a bulletin version always shows what
 * was reviewed, and served to the platforms and the public from that URL.
 */
@Injectable()
export class MediaService {
  constructor(
    @Inject(IMAGE_STORE) private readonly store: ImageStore,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async upload(bytes: Buffer | undefined, contentType: string | undefined): Promise<UploadedImageView> {
    const type = contentType?.split(';')[0].trim().toLowerCase();
    if (!type || !(IMAGE_TYPES as readonly string[]).includes(type))
      throw new MediaError(MediaErrorCode.UnsupportedType, `file must be one of ${IMAGE_TYPES.join(', ')}`, 'file');
    if (!bytes?.length) throw new MediaError(MediaErrorCode.InvalidImage, 'file is empty', 'file');
    let cleaned: Buffer;
    try {
      cleaned = await cleanImage(bytes, type as ImageType);
    } catch (error) {
      if (error instanceof ImageRefused) throw new MediaError(MediaErrorCode.InvalidImage, `file ${error.message}`, 'file');
      throw error;
    }
    const { width, height } = await imageSize(cleaned);
    const image: StoredImage = { id: createHash('sha256').update(cleaned).digest('hex'), contentType: type, bytes: cleaned, width, height };
    await this.store.put(image, RequestContext.current().actor?.userId);
    await this.audit.record({
      action: 'media.uploaded',
      entityType: 'media_image',
      entityId: image.id,
      after: { contentType: type, width, height, sizeBytes: cleaned.length },
    });
    return { id: image.id, url: this.urlOf(image), contentType: type, width, height, sizeBytes: cleaned.length };
  }

  /** The picture named `<sha256>.<ext>`, or not found (a name of another shape is not looked up). */
  async image(name: string): Promise<StoredImage> {
    const match = IMAGE_NAME.exec(name);
    const image = match ? await this.store.get(match[1]) : undefined;
    if (!image || EXTENSION_OF[image.contentType as ImageType] !== match?.[2])
      throw new MediaError(MediaErrorCode.NotFound, `no image ${name}`, 'name');
    return image;
  }

  private urlOf(image: StoredImage): string {
    return `${this.config.publicBaseUrl.replace(/\/$/, '')}/media/images/${image.id}.${EXTENSION_OF[image.contentType as ImageType]}`;
  }
}
