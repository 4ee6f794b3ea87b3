import { Injectable } from '@nestjs/common';
import { Transactions, updatedRows } from '@mb/database';

export interface ThreadMessageRow {
  id: string;
  author: 'tipster' | 'unit';
  body_sealed: string;
  created_at: Date;
  photos: Array<{ id: string; contentType: string; sizeBytes: number }>;
}

/** The messages of tips' threads, sealed as the service hands them over. */
@Injectable()
export class TipThreadRepository {
  constructor(private readonly transactions: Transactions) {}

  async insertMessage(message: {
    id: string;
    tipId: string;
    author: 'tipster' | 'unit';
    authorUserId: string | null;
    bodySealed: string;
    at: Date;
  }): Promise<void> {
    await this.transactions.query(
      `INSERT INTO tip_message (id, tip_id, author, author_user_id, body_sealed, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [message.id, message.tipId, message.author, message.authorUserId, message.bodySealed, message.at],
    );
    // A tipster's message waits for an answer from the first unanswered one on; the unit's answer clears it.
    await this.transactions.query(
      `UPDATE tip SET last_message_at = $2,
         awaiting_answer_since = CASE WHEN $3 = 'tipster' THEN coalesce(awaiting_answer_since, $2) ELSE NULL END
       WHERE id = $1`,
      [message.tipId, message.at, message.author],
    );
  }

  async insertPhoto(messageId: string, contentType: string, sizeBytes: number, bytesSealed: string): Promise<void> {
    await this.transactions.query(
      `INSERT INTO tip_message_photo (message_id, content_type, size_bytes, bytes_sealed) VALUES ($1, $2, $3, $4)`,
      [messageId, contentType, sizeBytes, bytesSealed],
    );
  }

  async countOf(tipId: string): Promise<number> {
    const [row] = await this.transactions.query(`SELECT count(*)::int AS messages FROM tip_message WHERE tip_id = $1`, [tipId]);
    return row.messages;
  }

  messagesOf(tipId: string): Promise<ThreadMessageRow[]> {
    return this.transactions.query(
      `SELECT m.id, m.author, m.body_sealed, m.created_at,
         coalesce((SELECT json_agg(json_build_object('id', p.id, 'contentType', p.content_type, 'sizeBytes', p.size_bytes) ORDER BY p.id)
           FROM tip_message_photo p WHERE p.message_id = m.id), '[]') AS photos
       FROM tip_message m WHERE m.tip_id = $1 ORDER BY m.created_at, m.id`,
      [tipId],
    );
  }

  async photo(tipId: string, messageId: string, photoId: string): Promise<{ content_type: string; bytes_sealed: string } | null> {
    const [row] = await this.transactions.query(
      `SELECT p.content_type, p.bytes_sealed FROM tip_message_photo p JOIN tip_message m ON m.id = p.message_id
       WHERE m.tip_id = $1 AND p.message_id = $2 AND p.id = $3`,
      [tipId, messageId, photoId],
    );
    return row ?? null;
  }

  /**
   * Purges up to `limit` threads whose last message is older than `before`: their messages and
   * photos go, the tip keeps that it had a thread. Answers the tips and the messages purged.
   */
  async purgeBefore(before: Date, limit: number): Promise<{ tips: string[]; messages: number }> {
    const tips = updatedRows<{ id: string }>(
      await this.transactions.query(
        `UPDATE tip SET last_message_at = NULL, awaiting_answer_since = NULL
         WHERE id IN (SELECT id FROM tip WHERE last_message_at < $1 ORDER BY last_message_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [before, limit],
      ),
    ).map((row) => row.id);
    if (tips.length === 0) return { tips, messages: 0 };
    const deleted = await this.transactions.query(`DELETE FROM tip_message WHERE tip_id = ANY ($1::uuid[]) RETURNING id`, [tips]);
    return { tips, messages: updatedRows(deleted).length };
  }
}
