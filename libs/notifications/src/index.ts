export * from './notification.dto';
export * from './notification.views';
export * from './notifications.error';
export * from './notifications.repository';
export * from './notifications.service';
export * from './notification-sender.service';
export * from './notifications.module';
