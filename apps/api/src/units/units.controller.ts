import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Role } from '@mb/vocabulary';
import { Access, ALL_ROLES } from '@mb/auth';
import { CreateUnitDto, ListUnitsQuery, ReviewSettingsDto, Unit, UnitsService } from '@mb/units';
import { pageOf, ParseIdPipe } from '@mb/common';

@ApiTags('units')
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiOkResponse({ type: pageOf(Unit) })
  @Access(...ALL_ROLES)
  list(@Query() query: ListUnitsQuery) {
    return this.units.list(query);
  }

  @Get(':id')
  @Access(...ALL_ROLES)
  get(@Param('id', ParseIdPipe) id: string) {
    return this.units.get(id);
  }

  /** The unit's repost review: window, fallback, and whether urgent bulletins skip it. */
  @Patch(':id/review-settings')
  @Access(Role.Admin, Role.UnitOperator)
  setReviewSettings(@Param('id', ParseIdPipe) id: string, @Body() settings: ReviewSettingsDto) {
    return this.units.setReviewSettings(id, settings);
  }

  @Post()
  @Access(Role.Admin)
  register(@Body() input: CreateUnitDto) {
    return this.units.register(input);
  }
}
