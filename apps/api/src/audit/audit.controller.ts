import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { pageOf } from '@mb/common';
import { AuditEvent, AuditQuery, AuditService } from '@mb/audit';
import { Role } from '@mb/vocabulary';
import { Access } from '@mb/auth';

@ApiTags('audit')
@Controller('audit')
@Access(Role.Admin)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Every recorded change, by entity, actor and time range. */
  @Get()
  @ApiOkResponse({ type: pageOf(AuditEvent) })
  find(@Query() query: AuditQuery) {
    return this.audit.find(query);
  }
}
