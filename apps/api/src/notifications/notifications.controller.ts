import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@mb/auth';
import { pageOf, ParseIdPipe } from '@mb/common';
import {
  ListNotificationsQuery,
  NotificationChannelView,
  NotificationsError,
  NotificationsErrorCode,
  NotificationsService,
  NotificationView,
  SetNotificationChannelDto,
} from '@mb/notifications';
import { Role } from '@mb/vocabulary';

const MANAGERS = [Role.Admin, Role.UnitOperator];

@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** What units were told (repost nudges, tips assigned), newest first; a unit operator sees their own units'. */
  @Get('notifications')
  @Access(...MANAGERS, Role.Reviewer, Role.Editor)
  @ApiOkResponse({ type: pageOf(NotificationView) })
  list(@Query() query: ListNotificationsQuery) {
    return this.notifications.list(query);
  }

  @Get('units/:id/notification-channel')
  @Access(...MANAGERS)
  @ApiOkResponse({ type: NotificationChannelView })
  async channel(@Param('id', ParseIdPipe) id: string) {
    const channel = await this.notifications.channel(id);
    if (!channel) throw new NotificationsError(NotificationsErrorCode.ChannelNotSet, 'the unit has no notification channel', 'id');
    return channel;
  }

  /** Sets where the unit's notifications go beside the console: a signed webhook, or a 企业微信 or 钉钉 group robot. */
  @Put('units/:id/notification-channel')
  @Access(...MANAGERS)
  @ApiOkResponse({ type: NotificationChannelView })
  setChannel(@Param('id', ParseIdPipe) id: string, @Body() input: SetNotificationChannelDto) {
    return this.notifications.setChannel(id, input);
  }
}
