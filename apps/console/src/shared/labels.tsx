import { Tag } from 'antd';
import {
  BULLETIN_KIND_LABELS,
  BULLETIN_STATUS_LABELS,
  type BulletinKind,
  BulletinStatus,
  DELIVERY_STATE_LABELS,
  type DeliveryState,
  PLATFORM_LABELS,
  type Platform,
  TIP_STATUS_LABELS,
  type TipStatus,
} from '@mb/vocabulary';

const STATUS_COLOURS: Partial<Record<BulletinStatus, string>> = {
  [BulletinStatus.Draft]: 'default',
  [BulletinStatus.PendingReview]: 'gold',
  [BulletinStatus.Approved]: 'cyan',
  [BulletinStatus.Scheduled]: 'purple',
  [BulletinStatus.Published]: 'green',
  [BulletinStatus.Updated]: 'green',
  [BulletinStatus.Resolved]: 'blue',
  [BulletinStatus.Withdrawn]: 'red',
};

export function StatusTag({ status }: { status: string }) {
  return (
    <Tag color={STATUS_COLOURS[status as BulletinStatus]} data-status={status}>
      {BULLETIN_STATUS_LABELS[status as BulletinStatus] ?? status}
    </Tag>
  );
}

export const kindLabel = (kind: string) => BULLETIN_KIND_LABELS[kind as BulletinKind] ?? kind;
export const platformLabel = (platform: string) => PLATFORM_LABELS[platform as Platform] ?? platform;
export const deliveryStateLabel = (state: string) => DELIVERY_STATE_LABELS[state as DeliveryState] ?? state;
export const tipStatusLabel = (status: string) => TIP_STATUS_LABELS[status as TipStatus] ?? status;

export function options<T extends string>(labels: Record<T, string>): Array<{ value: T; label: string }> {
  return (Object.entries(labels) as Array<[T, string]>).map(([value, label]) => ({ value, label }));
}
