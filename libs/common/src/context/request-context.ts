import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting and under which request id, for the audit trail; set once per HTTP request. */
export interface Actor {
  userId: string;
  username: string;
  role: string;
  unitId: string | null;
  /** Materialised unit path of the actor's unit, for subtree scoping. */
  unitPath: string | null;
}

export interface RequestContextValue {
  /** The server's own id of the request. */
  requestId: string | null;
  /** The X-Request-Id the client sent, when usable: recorded beside the server's id. */
  clientRequestId?: string | null;
  actor: Actor | null;
  /** Database queries made for this request so far (counted only with the test hooks on). */
  queries?: number;
}

const storage = new AsyncLocalStorage<RequestContextValue>();

export const RequestContext = {
  run<T>(value: RequestContextValue, work: () => T): T {
    return storage.run(value, work);
  },
  current(): RequestContextValue {
    return storage.getStore() ?? { requestId: null, actor: null };
  },
  /**
   * Work a request starts but does not wait for: it keeps the request id and actor for the logs,
   * and counts its queries apart, so the request's own count is what the request did.
   */
  detached<T>(work: () => T): T {
    const current = storage.getStore();
    return storage.run(
      { requestId: current?.requestId ?? null, clientRequestId: current?.clientRequestId, actor: current?.actor ?? null },
      work,
    );
  },
  /** Fills in the actor once authentication has identified them. */
  setActor(actor: Actor): void {
    const store = storage.getStore();
    if (store) store.actor = actor;
  },
};

/** The signed-in user acting now, or null for the engine's own work (scheduler, worker). */
export function currentActorId(): string | null {
  return RequestContext.current().actor?.userId ?? null;
}

/** The unit path a unit operator is confined to; null for every other role (no confinement). */
export function confinedUnitPath(): string | null {
  const actor = RequestContext.current().actor;
  return actor?.role === 'unit_operator' ? actor.unitPath : null;
}
