/** What a unit is told about. */
export enum NotificationKind {
  /** The unit's accounts have not reposted a bulletin (or its review is pending) past the deadline. */
  RepostOverdue = 'repost_overdue',
  /** A unit below this one is past twice the deadline: its parent is told. */
  RepostEscalated = 'repost_escalated',
  /** A tip was assigned to the unit. */
  TipAssigned = 'tip_assigned',
  /** Tips of the unit are still unanswered close to their reply deadline. */
  TipReplyDueSoon = 'tip_reply_due_soon',
  /** The tipster wrote again in the tip's thread. */
  TipMessage = 'tip_message',
  /** Accounts of the unit need an operator: credentials refused, or nothing posted for the dormancy period. */
  CredentialsAttention = 'credentials_attention',
}

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  [NotificationKind.RepostOverdue]: '转发催办',
  [NotificationKind.RepostEscalated]: '下级单位转发超时',
  [NotificationKind.TipAssigned]: '新线索待处理',
  [NotificationKind.TipMessage]: '线索人追加信息',
  [NotificationKind.TipReplyDueSoon]: '线索即将超时未答复',
  [NotificationKind.CredentialsAttention]: '账号需要处理',
};

/** Where a unit's notifications go beside the console. */
export enum NotificationChannelKind {
  /** The unit's own endpoint, signed as the engine signs its site posts. */
  Webhook = 'webhook',
  /** A 企业微信 group robot (群机器人). */
  WecomRobot = 'wecom_robot',
  /** A 钉钉 custom robot (自定义机器人), signed when it has a 加签 secret. */
  DingtalkRobot = 'dingtalk_robot',
}

export const NOTIFICATION_CHANNEL_LABELS: Record<NotificationChannelKind, string> = {
  [NotificationChannelKind.Webhook]: '签名 Webhook',
  [NotificationChannelKind.WecomRobot]: '企业微信群机器人',
  [NotificationChannelKind.DingtalkRobot]: '钉钉群机器人',
};

/** Where a notification is on its way through the unit's channel. */
export enum NotificationChannelState {
  /** The unit has no active channel: the console alone shows it. */
  None = 'none',
  Pending = 'pending',
  Sent = 'sent',
  /** Every try failed. */
  Failed = 'failed',
}
