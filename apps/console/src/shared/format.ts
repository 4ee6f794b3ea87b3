import dayjs from 'dayjs';

export function dateTime(value: string | Date | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—';
}

export function count(value: number | null | undefined): string {
  return (value ?? 0).toLocaleString('zh-CN');
}

/** "还剩 2 小时 5 分" or "已超时 20 分" from a deadline. */
export function timeLeft(deadline: string | null | undefined, now = Date.now()): { text: string; overdue: boolean } {
  if (!deadline) return { text: '—', overdue: false };
  const minutes = Math.round((new Date(deadline).getTime() - now) / 60_000);
  const span = (total: number) => {
    const days = Math.floor(total / 1440);
    const hours = Math.floor((total % 1440) / 60);
    const rest = total % 60;
    return [days && `${days} 天`, hours && `${hours} 小时`, `${rest} 分`].filter(Boolean).join(' ');
  };
  return minutes >= 0 ? { text: `还剩 ${span(minutes)}`, overdue: false } : { text: `已超时 ${span(-minutes)}`, overdue: true };
}
