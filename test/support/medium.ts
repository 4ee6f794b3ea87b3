import { join } from 'node:path';
import { type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, TestingModule } from '@nestjs/testing';
import { AuditModule } from '@mb/audit';
import { CommonModule } from '@mb/common';
import { ConfigModule, loadConfig } from '@mb/config';
import { DatabaseModule } from '@mb/database';
import { selectQueueBackend } from '@mb/queue';
import { TestSystem } from './system';

/**
 * The middle tier: a lib's services in this process against a real, migrated PostgreSQL of their
 * own, without starting the apps. `replace` swaps a provider for a test's own (a scripted
 * platform, a queue that only records).
 */
export class ServiceTestBed {
  private constructor(
    readonly system: TestSystem,
    readonly moduleRef: TestingModule,
  ) {}

  static async start(label: string, imports: Array<Type | DynamicModule>, replace: Array<{ token: unknown; value: unknown }> = []) {
    // Redis for the queues the module builds: they close with the module, so the database can be dropped cleanly.
    const system = await TestSystem.start(label, { queueBackend: 'redis', apps: [] });
    // Loaded here as the processes load it, from the project's config folder.
    const config = loadConfig({ ...system.env, MB_CONFIG_DIR: join(process.cwd(), 'config') });
    selectQueueBackend(config, 'cli');
    let builder = Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        AuditModule,
        DatabaseModule.forRoot('cli'),
        ScheduleModule.forRoot(),
        ...imports,
      ],
    });
    for (const { token, value } of replace) builder = builder.overrideProvider(token as Provider).useValue(value);
    const moduleRef = await builder.compile();
    await moduleRef.init();
    return new ServiceTestBed(system, moduleRef);
  }

  get<T>(token: Type<T>): T {
    return this.moduleRef.get(token, { strict: false });
  }

  async stop(): Promise<void> {
    await this.moduleRef?.close();
    await this.system?.stop();
  }
}
