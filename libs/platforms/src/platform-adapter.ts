import { Platform } from './platform';
import { RenderableBulletin } from './rendering/renderable-bulletin';

/** An account as an adapter needs it: its platform identity and its decrypted credentials. */
export interface AccountSession {
  accountId: string;
  platformAccountId: string;
  credentials: Record<string, string>;
}

/** What a platform will show, with the compromises the platform's limits forced. */
export interface RenderedPost {
  platform: Platform;
  title?: string;
  text: string;
  images: string[];
  tipUrl: string;
  /** Structured payload for platforms that take one (the webhook). */
  document?: Record<string, unknown>;
  warnings: string[];
}

export interface PublishedPost {
  postId: string;
  url?: string;
}

/** Context of one publish call: the key a platform may use to recognise a repeated request. */
export interface PublishContext {
  idempotencyKey: string;
}

/**
 * One per platform. Every failure leaves an adapter as a PlatformError with one of its codes;
 * no platform URL, field name or error number is known outside the adapter.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  render(bulletin: RenderableBulletin): RenderedPost;
  post(account: AccountSession, post: RenderedPost, context: PublishContext): Promise<PublishedPost>;
}
