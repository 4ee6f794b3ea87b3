export * from './account.entity';
export * from './account.dto';
export * from './accounts.error';
export * from './account-credentials.cipher';
export * from './accounts.repository';
export * from './accounts.service';
export * from './accounts.module';
export * from './account-sessions';
