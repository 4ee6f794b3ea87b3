import { useQuery } from '@tanstack/react-query';
import { api, mustAs } from '../api/client';

export interface Me {
  userId: string;
  username: string;
  role: string;
  unitId: string | null;
}

/** The signed-in user as the api knows them (with their unit, which the token does not carry). */
export function useMe() {
  return useQuery({ queryKey: ['me'], staleTime: Infinity, queryFn: () => mustAs<Me>(api.GET('/auth/me')) });
}
