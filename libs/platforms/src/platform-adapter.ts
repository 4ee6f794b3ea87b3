import { Platform, PostingLane } from '@mb/vocabulary';

import { type RenderableBulletin } from './rendering/renderable-bulletin';

/** Credentials after a refresh, with the new token's expiry when the platform gives one. */
export interface RefreshedCredentials {
  credentials: Record<string, string>;
  expiresAt: Date | null;
  /** When the refresh token itself runs out, where the platform says: past it an operator must authorise again. */
  refreshExpiresAt?: Date | null;
}

/** An account as an adapter needs it: its platform identity, its decrypted credentials, and where to keep new ones. */
export interface AccountSession {
  accountId: string;
  platformAccountId: string;
  credentials: Record<string, string>;
  /** Stores refreshed credentials (encrypted) so the next call and the next process use them. */
  saveCredentials?: (refreshed: RefreshedCredentials) => Promise<void>;
}

/** What a platform will show, with the compromises the platform's limits forced. */
export interface RenderedPost {
  platform: Platform;
  title?: string;
  text: string;
  images: string[];
  tipUrl: string;
  /** A string only this bulletin × account carries (the attribution code), to find a post whose creation went unanswered. */
  marker: string;
  /** Structured payload for platforms that take one (the webhook). */
  document?: Record<string, unknown>;
  warnings: string[];
}

export interface PublishedPost {
  /** Opaque to everything outside the adapter; the adapter may pack several platform ids into it. */
  postId: string;
  url?: string;
}

/** How an update reached the public: the post itself was edited, or a follow-up points to the new version. */
export interface UpdatedPost extends PublishedPost {
  mode: 'edited' | 'follow_up';
}

/** Context of one publish call: the key a platform may use to recognise a repeated request, and the lane to post in. */
export interface PublishContext {
  idempotencyKey: string;
  /** One of the adapter's declared lanes; the ordinary one when absent. */
  lane?: PostingLane;
}

export interface PostMetrics {
  postId: string;
  reads: number;
  shares: number;
  likes: number;
  comments: number;
}

/** A comment or message from the public, as the platform delivered it. */
export interface InboundMessage {
  platformMessageId: string;
  /** The post it answers, when the platform says so. */
  postId?: string;
  text: string;
  /** The platform's id of the sender (an OpenID, a uid); never a phone number. */
  senderRef: string;
  receivedAt: Date;
}

/** What identifies an inbound message for a reply: its id and the post it was written on. */
export type InboundReference = Pick<InboundMessage, 'platformMessageId' | 'postId'>;

export interface InboundPage {
  messages: InboundMessage[];
  /** Pass back to get only what came after. */
  cursor: string | null;
}

/**
 * One per platform. Every failure leaves an adapter as a PlatformError with one of its codes;
 * no platform URL, field name or error number is known outside the adapter.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  render(bulletin: RenderableBulletin): RenderedPost;
  post(session: AccountSession, post: RenderedPost, context: PublishContext): Promise<PublishedPost>;
  update(session: AccountSession, postId: string, post: RenderedPost, context: PublishContext): Promise<UpdatedPost>;
  remove(session: AccountSession, postId: string): Promise<void>;
  fetchMetrics(session: AccountSession, postIds: string[]): Promise<PostMetrics[]>;
  fetchInbound(session: AccountSession, postIds: string[], cursor: string | null): Promise<InboundPage>;
  /** Answers one inbound message where it was written (a reply under the comment). */
  reply(session: AccountSession, message: InboundReference, text: string): Promise<void>;
  /**
   * The account's recent post carrying this marker, if the platform has one (reconciling an unanswered
   * post); for an unanswered follow-up, other than the posts the account already holds for the bulletin.
   */
  findPostByMarker(session: AccountSession, marker: string, exceptPostIds?: readonly string[]): Promise<PublishedPost | null>;
  /**
   * Refreshes the account's token now, before it runs out, and stores it through the session: for
   * platforms whose authorisation is an OAuth refresh token. A refused refresh is AUTH_EXPIRED.
   */
  renewCredentials?(session: AccountSession): Promise<RefreshedCredentials>;
}
