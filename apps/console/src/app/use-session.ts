import { useEffect, useState } from 'react';
import { onSessionChange, resumeSession, type SignedInUser, signedInUser } from '../api/session';

/** The signed-in user, `undefined` while a reloaded tab is still resuming its session. */
export function useSession(): SignedInUser | null | undefined {
  const [user, setUser] = useState<SignedInUser | null | undefined>(() => signedInUser() ?? undefined);
  useEffect(() => {
    const stop = onSessionChange(setUser);
    if (user === undefined) void resumeSession().then(setUser);
    return stop;
  }, []);
  return user;
}
