import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@mb/database';
import { type NewPost, PostedListener } from '@mb/dispatch';

/** How long after posting a post is first read. */
const FIRST_READING_AFTER = '5 minutes';

/** Starts measuring each new post and adds it to its bulletin's reach per unit and platform, in the caller's transaction. */
@Injectable()
export class PostReadings extends PostedListener {
  async postsRecorded(manager: EntityManager, posts: NewPost[]): Promise<void> {
    if (posts.length === 0) return;
    await preparedQuery(
      manager,
      'post-readings-start',
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[]) AS i (delivery_id, bulletin_id, account_id, platform, posted_at)
       ),
       measured AS (
         INSERT INTO post_metrics (delivery_id, bulletin_id, account_id, unit_id, platform, posted_at, next_poll_at)
         SELECT i.delivery_id, i.bulletin_id, i.account_id, a.unit_id, i.platform::platform, i.posted_at, i.posted_at + interval '${FIRST_READING_AFTER}'
         FROM input i JOIN account a ON a.id = i.account_id
         ON CONFLICT (delivery_id) DO NOTHING
         RETURNING bulletin_id, unit_id, platform
       )
       INSERT INTO bulletin_reach (bulletin_id, unit_id, platform, posts)
       SELECT bulletin_id, unit_id, platform, count(*) FROM measured GROUP BY bulletin_id, unit_id, platform
       ON CONFLICT (bulletin_id, unit_id, platform) DO UPDATE SET posts = bulletin_reach.posts + excluded.posts`,
      [
        posts.map((post) => post.deliveryId),
        posts.map((post) => post.bulletinId),
        posts.map((post) => post.accountId),
        posts.map((post) => post.platform),
        posts.map((post) => post.postedAt),
      ],
    );
  }
}
