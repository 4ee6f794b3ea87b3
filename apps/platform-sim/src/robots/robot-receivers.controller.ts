import { createHmac, timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, type RawBodyRequest, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { verifyWebhook } from '@mb/platforms';
import { RobotDto } from '../admin/admin.dto';

type Json = Record<string, any>;

/** A message a robot or a unit's endpoint took, as the chat group would show it. */
interface ReceivedMessage {
  channel: 'wecom_robot' | 'dingtalk_robot' | 'webhook';
  robot: string;
  at: string;
  body: Json;
}

/** DingTalk refuses a signature older than an hour. */
const DINGTALK_TOLERANCE_MS = 3_600_000;

/**
 * The group robots a unit's notifications go to: 企业微信's (`/cgi-bin/webhook/send?key=`) and
 * 钉钉's custom robot (`/robot/send?access_token=`, with 加签 `timestamp` and `sign` when it has a
 * secret), in their public message shapes, plus a unit's own signed endpoint. Robots are made
 * through `PUT /_sim/robots`; each refuses what the real one refuses.
 */
@Controller()
export class RobotReceiversController {
  private readonly robots = new Map<string, RobotDto>();
  private readonly received: ReceivedMessage[] = [];

  @Put('_sim/robots')
  register(@Body() robot: RobotDto) {
    this.robots.set(`${robot.kind}:${robot.id}`, robot);
    return { registered: true };
  }

  @Get('_sim/robot-messages')
  messages(@Query('robot') robot?: string) {
    return this.received.filter((message) => robot === undefined || message.robot === robot);
  }

  @Post('wecom/cgi-bin/webhook/send')
  @HttpCode(200)
  wecom(@Query('key') key: string | undefined, @Body() body: Json) {
    if (!key || !this.robots.has(`wecom_robot:${key}`)) return { errcode: 93000, errmsg: 'invalid webhook url' };
    const problem = markdownProblem(body, (markdown) => markdown.content, 4096);
    if (problem) return { errcode: 40008, errmsg: problem };
    this.received.push({ channel: 'wecom_robot', robot: key, at: new Date().toISOString(), body });
    return { errcode: 0, errmsg: 'ok' };
  }

  @Post('dingtalk/robot/send')
  @HttpCode(200)
  dingtalk(@Query() query: Json, @Body() body: Json) {
    const robot = this.robots.get(`dingtalk_robot:${query.access_token}`);
    if (!robot) return { errcode: 300001, errmsg: 'token is not exist' };
    if (robot.secret) {
      const timestamp = Number(query.timestamp);
      const expected = Buffer.from(createHmac('sha256', robot.secret).update(`${query.timestamp}\n${robot.secret}`).digest('base64'));
      const given = Buffer.from(String(query.sign ?? ''));
      const fresh = Number.isFinite(timestamp) && Math.abs(Date.now() - timestamp) <= DINGTALK_TOLERANCE_MS;
      if (!fresh || given.length !== expected.length || !timingSafeEqual(given, expected))
        return { errcode: 310000, errmsg: 'sign not match' };
    }
    const problem = markdownProblem(body, (markdown) => markdown.text, 20_000) ?? (body.markdown?.title ? null : 'markdown.title missing');
    if (problem) return { errcode: 40035, errmsg: problem };
    this.received.push({ channel: 'dingtalk_robot', robot: String(query.access_token), at: new Date().toISOString(), body });
    return { errcode: 0, errmsg: 'ok' };
  }

  /** A unit's own endpoint: it checks the engine's signature with the secret it was given. */
  @Post('_sim/unit-hooks/:id')
  @HttpCode(204)
  unitHook(
    @Param('id') id: string,
    @Headers() headers: Record<string, string | undefined>,
    @Req() request: RawBodyRequest<Request>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const robot = this.robots.get(`webhook:${id}`);
    const signed = {
      method: request.method,
      path: request.originalUrl,
      eventId: headers['x-mb-event-id'] ?? '',
      deliveryKey: headers['x-mb-delivery'] ?? '',
      timestamp: Number(headers['x-mb-timestamp']),
      rawBody: request.rawBody?.toString('utf8') ?? '',
    };
    const verdict = robot
      ? verifyWebhook(robot.secret ?? '', signed, headers['x-mb-signature'] ?? '', Math.floor(Date.now() / 1000))
      : 'unknown';
    if (verdict !== 'ok') {
      response.status(401);
      return { error: verdict };
    }
    this.received.push({ channel: 'webhook', robot: id, at: new Date().toISOString(), body: request.body as Json });
    return undefined;
  }
}

function markdownProblem(body: Json, textOf: (markdown: Json) => unknown, maxBytes: number): string | null {
  if (body?.msgtype !== 'markdown' || typeof body.markdown !== 'object') return 'msgtype must be markdown with a markdown object';
  const text = textOf(body.markdown);
  if (typeof text !== 'string' || !text) return 'markdown content missing';
  if (Buffer.byteLength(text) > maxBytes) return 'markdown content too long';
  return null;
}
