import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditQuery, AuditService } from '@mb/audit';
import { Role } from '@mb/vocabulary';
import { Access } from '@mb/auth';

@ApiTags('audit')
@Controller('audit')
@Access(Role.Admin)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Every recorded change, by entity, actor and time range. */
  @Get()
  find(@Query() query: AuditQuery) {
    return this.audit.find(query);
  }
}
