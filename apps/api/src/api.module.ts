import { type DynamicModule, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccountsModule } from '@mb/accounts';
import { AuditModule } from '@mb/audit';
import { AuthGuard, AuthModule, UsersService } from '@mb/auth';
import { BulletinsModule } from '@mb/bulletins';
import { CommonModule, SlidingWindowThrottlerStorage } from '@mb/common';
import { structuredLogging } from '@mb/common/server';
import { AppConfig, ConfigModule } from '@mb/config';
import { DatabaseModule } from '@mb/database';
import { DispatchModule } from '@mb/dispatch';
import { NotificationsController } from './notifications/notifications.controller';
import { AttributionCodec } from '@mb/platforms';
import { InteropModule } from '@mb/interop';
import { MediaModule } from '@mb/media';
import { ReportsModule } from '@mb/reports';
import { TipsModule } from '@mb/tips';
import { UnitsModule } from '@mb/units';
import { AccountsController } from './accounts/accounts.controller';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { UsersController } from './auth/users.controller';
import { BulletinsController } from './bulletins/bulletins.controller';
import { DeadLettersController } from './deliveries/dead-letters.controller';
import { MediaController } from './media/media.controller';
import { HealthController } from './health/health.controller';
import { QueueHealthIndicator } from './health/queue.health';
import { PublicBulletinsController } from './public/public-bulletins.controller';
import { MetricsController } from './metrics/metrics.controller';
import { QueueBoardController } from './operations/queue-board.controller';
import { OperationalGauges } from './metrics/operational-gauges';
import { QueryCountInterceptor, TestClockController } from './test-hooks/test-hooks';
import { RepostsController } from './reposts/reposts.controller';
import { ReportsController } from './reports/reports.controller';
import { PublicTipsController } from './tips/public-tips.controller';
import { TipsController } from './tips/tips.controller';
import { UnitsController } from './units/units.controller';

@Module({})
export class ApiModule implements OnApplicationBootstrap {
  constructor(private readonly users: UsersService) {}

  static register(config: AppConfig): DynamicModule {
    const attributionCodes = new AttributionCodec(config.credentialsKey);
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        structuredLogging('api', config.logLevel),
        DatabaseModule.forRoot('api'),
        AuditModule,
        AuthModule,
        ThrottlerModule.forRoot({
          throttlers: [
            { name: 'login', ttl: 60_000, limit: config.loginAttemptsPerMinute },
            { name: 'tip-client', ttl: 60_000, limit: config.tipsPerClientPerMinute },
            { name: 'reply-code', ttl: 60_000, limit: config.replyCodeRequestsPerClientPerMinute },
            // Keyed by the bulletin in the tip link, so one bulletin's flood leaves the others open; counted
            // only for links whose check holds, so junk cannot close a bulletin's tips (junk meets the client limit).
            {
              name: 'tip-bulletin',
              ttl: 60_000,
              limit: config.tipsPerBulletinPerMinute,
              skipIf: (context) => attributionCodes.decode(String(context.switchToHttp().getRequest().body?.code ?? '')) === null,
              getTracker: (request) => `bulletin:${attributionCodes.decode(String(request.body?.code ?? ''))?.bulletinSeq}`,
            },
          ],
          storage: new SlidingWindowThrottlerStorage(),
        }),
        TerminusModule,
        UnitsModule,
        AccountsModule,
        BulletinsModule,
        DispatchModule,
        TipsModule,
        ReportsModule,
        MediaModule,
        InteropModule,
      ],
      controllers: [
        AuthController,
        UsersController,
        UnitsController,
        AccountsController,
        BulletinsController,
        DeadLettersController,
        RepostsController,
        AuditController,
        PublicTipsController,
        TipsController,
        ReportsController,
        HealthController,
        MediaController,
        PublicBulletinsController,
        MetricsController,
        QueueBoardController,
        NotificationsController,
        ...(config.testHooks ? [TestClockController] : []),
      ],
      providers: [
        QueueHealthIndicator,
        OperationalGauges,
        { provide: APP_GUARD, useExisting: AuthGuard },
        ...(config.testHooks ? [{ provide: APP_INTERCEPTOR, useClass: QueryCountInterceptor }] : []),
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.users.ensureAdmin();
  }
}
