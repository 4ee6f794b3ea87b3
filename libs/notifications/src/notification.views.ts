import { NotificationChannelKind, NotificationChannelState, NotificationKind } from '@mb/vocabulary';

/** A message to a unit's operators: shown in the console, and sent through the unit's channel when it has one. */
export class NotificationView {
  id: string;
  unitId: string;
  kind: NotificationKind;
  title: string;
  text: string;
  /** Where in the console the matter is handled. */
  link: string | null;
  createdAt: Date;
  channelState: NotificationChannelState;
  sentAt: Date | null;
  channelError: string | null;
}

/** A unit's outbound channel as the API shows it: the address's host only, never its key or secret. */
export class NotificationChannelView {
  unitId: string;
  kind: NotificationChannelKind;
  host: string;
  hasSecret: boolean;
  active: boolean;
  updatedAt: Date;
}
