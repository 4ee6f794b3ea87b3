/** A cleaned picture as it is kept: named by the SHA-256 of its bytes, so one name always means the same picture. */
export interface StoredImage {
  id: string;
  contentType: string;
  bytes: Buffer;
  width: number;
  height: number;
}

/**
 * Where bulletin pictures live. PostgreSQL by default (no other service to run); an object store
 * (S3, OSS, MinIO) implements the same two calls and is provided under IMAGE_STORE instead.
 */
export interface ImageStore {
  /** Keeps the picture; storing the same picture again changes nothing. */
  put(image: StoredImage, uploadedBy: string | undefined): Promise<void>;
  get(id: string): Promise<StoredImage | undefined>;
}

export const IMAGE_STORE = Symbol('IMAGE_STORE');
