import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App } from 'antd';
import { ApiError } from '../api/client';

/** The api's refusal as a person reads it: its message, and the field it names. */
export function refusalText(error: unknown): string {
  if (error instanceof ApiError)
    return error.field && !error.message.includes(error.field) ? `${error.message}（${error.field}）` : error.message;
  return (error as Error)?.message ?? '操作失败';
}

/**
 * A change the user asks for: says "done" or the api's reason, and refreshes what it touched.
 */
export function useAction<Input, Output>(
  run: (input: Input) => Promise<Output>,
  options: { done?: string | ((output: Output) => string); refresh?: QueryKey[]; onDone?: (output: Output) => void } = {},
) {
  const { message } = App.useApp();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (output) => {
      if (options.done) void message.success(typeof options.done === 'function' ? options.done(output) : options.done);
      await Promise.all((options.refresh ?? []).map((key) => queries.invalidateQueries({ queryKey: key })));
      options.onDone?.(output);
    },
    onError: (error) => void message.error(refusalText(error)),
  });
}
