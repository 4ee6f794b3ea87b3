import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@mb/common';
import type { ImageStore, StoredImage } from './image-store';

/** Pictures as rows of `media_image`: a few hundred kilobytes each, a few per bulletin. */
@Injectable()
export class PostgresImageStore implements ImageStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async put(image: StoredImage, uploadedBy: string | undefined): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO media_image (id, content_type, bytes, width, height, size_bytes, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [image.id, image.contentType, image.bytes, image.width, image.height, image.bytes.length, uploadedBy ?? null, this.clock.now()],
    );
  }

  async get(id: string): Promise<StoredImage | undefined> {
    const [row] = (await this.dataSource.query(`SELECT id, content_type, bytes, width, height FROM media_image WHERE id = $1`, [
      id,
    ])) as Array<{
      id: string;
      content_type: string;
      bytes: Buffer;
      width: number;
      height: number;
    }>;
    return row && { id: row.id, contentType: row.content_type, bytes: row.bytes, width: row.width, height: row.height };
  }
}
