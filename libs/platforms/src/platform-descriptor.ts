import type { Platform } from '@mb/vocabulary';
import type { ImageFetcher } from './http/images';
import type { OutboundGuard } from './http/outbound-guard';
import type { PlatformAdapter } from './platform-adapter';

/** What an adapter is built with: its platform's base URL, the call timeout, and the guarded fetchers for URLs users typed. */
export interface AdapterDependencies {
  baseUrl: string;
  timeoutMs: number;
  images: ImageFetcher;
  guard: OutboundGuard;
}

/** An account of the platform's own shape, for the demo province and the tests. */
export interface SampleAccount {
  platformAccountId: string;
  /** What the engine stores (sealed) for the account. */
  credentials: Record<string, string>;
  /** What the platform itself holds for it: the simulator is told this. */
  simCredentials: Record<string, string>;
}

/**
 * Everything the engine knows of one platform, beside its adapter: adding a platform is its
 * folder (adapter and this descriptor), a value in the vocabulary and a line in the registry.
 */
export interface PlatformDescriptor {
  readonly platform: Platform;
  /** Calls one post makes to the platform, one after another (a worker keeps as many times more in flight). */
  readonly callsPerPost: number;
  /** Where the simulator serves this platform's routes: the base URL when none is configured. */
  readonly simulatorPath: string;
  /** How an update reaches the public: the post edited, a new post that points back, or the account's comment under the post. */
  readonly updateMode: 'edit' | 'new_post' | 'comment';
  /** Whether the platform's tokens expire and are renewed by the adapter. */
  readonly refreshesTokens: boolean;
  /** The credential fields an account must be registered with (class-validator), stored only encrypted. */
  readonly credentials: new () => object;
  createAdapter(dependencies: AdapterDependencies): PlatformAdapter;
  sampleAccount(index: number, simulatorUrl: string): SampleAccount;
}
