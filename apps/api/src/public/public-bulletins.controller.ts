import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@mb/auth';
import { ErrorBody } from '@mb/common';
import {
  ATOM_CONTENT_TYPE,
  BulletinPages,
  CAP_CONTENT_TYPE,
  CapAlerts,
  PublicCodeParam,
  PublicFeeds,
  PublicVersionParams,
  UnitFeedParam,
} from '@mb/interop';
import { bulletinPageHtml, UNKNOWN_PAGE_HTML, withdrawnPageHtml } from './bulletin-page';
import { PUBLIC_PAGE_SECURITY } from './page-security';

/**
 * A CDN may keep a public answer a minute, so a withdrawal reaches every reader within that; a
 * browser asks again each time (a 304 while nothing changed), so it never shows a withdrawn bulletin.
 */
const SHARED_CACHE = 'public, max-age=0, must-revalidate, s-maxage=60';
const XML_DOCUMENT = { schema: { type: 'string' as const } };

/** Answers 304 when the client (or CDN) holds this revision already; otherwise marks the answer with it. */
function notModified(request: FastifyRequest, reply: FastifyReply, revision: string): boolean {
  const tag = `W/"${revision}"`;
  reply.header('ETag', tag).header('Cache-Control', SHARED_CACHE).header('Vary', 'Accept-Encoding');
  if (request.headers['if-none-match'] !== tag) return false;
  reply.status(304).send();
  return true;
}

/** The bulletin for everyone outside the platforms: its page, its CAP messages and the feeds that list them. */
@ApiTags('public record')
@Controller()
export class PublicBulletinsController {
  constructor(
    private readonly pages: BulletinPages,
    private readonly cap: CapAlerts,
    private readonly feeds: PublicFeeds,
  ) {}

  /** The page every post and share links to. */
  @Get('b/:code')
  @Public()
  @ApiExcludeEndpoint()
  async page(@Param() params: PublicCodeParam, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    reply
      .header('Content-Security-Policy', PUBLIC_PAGE_SECURITY)
      .header('X-Content-Type-Options', 'nosniff')
      .type('text/html; charset=utf-8');
    const page = await this.pages.page(params.code);
    if (!page) return reply.status(404).header('Cache-Control', SHARED_CACHE).send(UNKNOWN_PAGE_HTML);
    if (notModified(request, reply, page.revision)) return;
    if (page.state === 'withdrawn') return reply.status(410).send(withdrawnPageHtml(page));
    return reply.send(bulletinPageHtml(page));
  }

  @Get('cap/bulletins/:code')
  @Public()
  @ApiProduces(CAP_CONTENT_TYPE)
  @ApiOkResponse({
    description: 'The newest CAP 1.2 message of the bulletin (its Cancel once withdrawn)',
    content: { [CAP_CONTENT_TYPE]: XML_DOCUMENT },
  })
  @ApiNotFoundResponse({ type: ErrorBody })
  currentAlert(@Param() params: PublicCodeParam, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.sendCap(this.cap.document(params.code, 'current'), request, reply);
  }

  @Get('cap/bulletins/:code/versions/:version')
  @Public()
  @ApiProduces(CAP_CONTENT_TYPE)
  @ApiOkResponse({
    description: 'The CAP 1.2 message of one public version (Alert or Update)',
    content: { [CAP_CONTENT_TYPE]: XML_DOCUMENT },
  })
  @ApiNotFoundResponse({ type: ErrorBody })
  versionAlert(@Param() params: PublicVersionParams, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.sendCap(this.cap.document(params.code, params.version), request, reply);
  }

  @Get('cap/bulletins/:code/cancel')
  @Public()
  @ApiProduces(CAP_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The CAP 1.2 Cancel of a withdrawn bulletin', content: { [CAP_CONTENT_TYPE]: XML_DOCUMENT } })
  @ApiNotFoundResponse({ type: ErrorBody })
  cancelAlert(@Param() params: PublicCodeParam, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.sendCap(this.cap.document(params.code, 'cancel'), request, reply);
  }

  @Get('feeds/alerts.atom')
  @Public()
  @ApiProduces(ATOM_CONTENT_TYPE)
  @ApiOkResponse({ description: 'Atom feed of the CAP alerts in force in the province', content: { [ATOM_CONTENT_TYPE]: XML_DOCUMENT } })
  async provinceAlerts(@Res() reply: FastifyReply) {
    return this.sendFeed(reply, await this.feeds.alerts());
  }

  @Get('feeds/units/:unitCode/alerts.atom')
  @Public()
  @ApiProduces(ATOM_CONTENT_TYPE)
  @ApiOkResponse({ description: "Atom feed of the CAP alerts in force in one unit's area", content: { [ATOM_CONTENT_TYPE]: XML_DOCUMENT } })
  @ApiNotFoundResponse({ type: ErrorBody })
  async unitAlerts(@Param() params: UnitFeedParam, @Res() reply: FastifyReply) {
    return this.sendFeed(reply, await this.feeds.alerts(params.unitCode));
  }

  @Get('feeds/bulletins.atom')
  @Public()
  @ApiProduces(ATOM_CONTENT_TYPE)
  @ApiOkResponse({ description: "Atom feed of the bulletins' public pages", content: { [ATOM_CONTENT_TYPE]: XML_DOCUMENT } })
  async bulletinPages(@Res() reply: FastifyReply) {
    return this.sendFeed(reply, await this.feeds.pages());
  }

  private async sendCap(document: Promise<{ xml: string; revision: string }>, request: FastifyRequest, reply: FastifyReply) {
    const { xml, revision } = await document;
    if (notModified(request, reply, revision)) return;
    return reply.type(`${CAP_CONTENT_TYPE}; charset=utf-8`).send(xml);
  }

  private sendFeed(reply: FastifyReply, xml: string) {
    return reply.header('Cache-Control', SHARED_CACHE).type(ATOM_CONTENT_TYPE).send(xml);
  }
}
