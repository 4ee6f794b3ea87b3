import { Controller, Get, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Role } from '@mb/vocabulary';
import { Access, Public } from '@mb/auth';
import { IMAGE_TYPES, imageContent } from '@mb/common';
import { MediaService, UploadedImageView } from '@mb/media';

@ApiTags('media')
@Controller('media/images')
export class MediaController {
  constructor(private readonly media: MediaService) {}

  /** The picture itself as the body (Content-Type image/jpeg, image/png or image/webp, at most 10 MB). */
  @Post()
  @Access(Role.Editor, Role.Reviewer, Role.Admin)
  @ApiConsumes(...IMAGE_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  upload(@Req() request: FastifyRequest): Promise<UploadedImageView> {
    return this.media.upload(request.body as Buffer | undefined, request.headers['content-type']);
  }

  /** Public: the platforms fetch a bulletin's pictures from here; a name is its content's hash, so it may be kept forever. */
  @Get(':name')
  @Public()
  @ApiProduces(...IMAGE_TYPES)
  @ApiOkResponse(imageContent(IMAGE_TYPES))
  async image(@Param('name') name: string, @Res({ passthrough: true }) response: FastifyReply) {
    const image = await this.media.image(name);
    response.headers({
      'Content-Type': image.contentType,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    return new StreamableFile(image.bytes);
  }
}
