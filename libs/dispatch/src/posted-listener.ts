import type { EntityManager } from 'typeorm';
import type { Platform } from '@mb/vocabulary';

export interface NewPost {
  deliveryId: string;
  bulletinId: string;
  accountId: string;
  platform: Platform;
  postedAt: Date;
}

/**
 * What must happen with a new post in the transaction that records it: reports starts measuring
 * it and counts it towards the bulletin's reach. Dispatch owns the post, reports the readings; the
 * reports lib provides this port, so dispatch never writes a reports table.
 */
export abstract class PostedListener {
  abstract postsRecorded(manager: EntityManager, posts: NewPost[]): Promise<void>;
}
