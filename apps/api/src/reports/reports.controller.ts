import { applyDecorators, Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Role } from '@mb/vocabulary';
import { Access } from '@mb/auth';
import { type CsvColumn, toCsv, ParseIdPipe } from '@mb/common';
import {
  BulletinReport,
  BulletinReportQuery,
  BulletinReportRow,
  CountyReach,
  KindPeriodRow,
  NoticePerson,
  OutcomesService,
  PersonOutcomesRecorded,
  PersonOutcomesService,
  PeriodReportQuery,
  PlatformReportRow,
  RecordOutcomeDto,
  RecordPersonOutcomesDto,
  ReportFilters,
  ReportsService,
  ReportTotals,
  UnitReportRow,
} from '@mb/reports';

const ANALYSTS = [Role.Admin, Role.Analyst, Role.Editor, Role.Reviewer];

/** A report answers JSON (of this class, or a list of it) or, with `format=csv`, the same as CSV. */
function ReportAnswer(type: Type<unknown>, list: boolean) {
  const schema = list ? { type: 'array' as const, items: { $ref: getSchemaPath(type) } } : { $ref: getSchemaPath(type) };
  return applyDecorators(
    ApiExtraModels(type),
    ApiProduces('application/json', 'text/csv'),
    ApiOkResponse({ content: { 'application/json': { schema }, 'text/csv': { schema: { type: 'string' } } } }),
  );
}

const percent = (value: number | null) => (value === null ? '' : (value * 100).toFixed(1));

const COLUMNS = {
  totals: [
    { header: '指标', value: (row: [string, unknown]) => row[0] },
    { header: '数值', value: (row: [string, unknown]) => row[1] as number },
  ],
  bulletins: [
    { header: '通告', value: (row: any) => row.title },
    { header: '类型', value: (row: any) => row.kind },
    { header: '发布单位', value: (row: any) => row.issuerName },
    { header: '发布时间', value: (row: any) => row.publishedAt },
    { header: '阅读量', value: (row: any) => row.reads },
    { header: '线索数', value: (row: any) => row.tips },
    { header: '结果', value: (row: any) => row.outcome ?? '' },
    { header: '线索直接破案', value: (row: any) => (row.directResult ? '是' : '否') },
  ],
  units: [
    { header: '单位代码', value: (row: any) => row.code },
    { header: '单位', value: (row: any) => row.name },
    { header: '阅读量', value: (row: any) => row.reads },
    { header: '线索数', value: (row: any) => row.tips },
    { header: '有效线索', value: (row: any) => row.actionableTips },
    { header: '答复率(%)', value: (row: any) => percent(row.replyRate) },
    { header: '线索直接破案数', value: (row: any) => row.directOutcomes },
  ],
  platforms: [
    { header: '平台', value: (row: any) => row.platform },
    { header: '阅读量', value: (row: any) => row.reads },
    { header: '线索数', value: (row: any) => row.tips },
    { header: '有效线索', value: (row: any) => row.actionableTips },
    { header: '答复率(%)', value: (row: any) => percent(row.replyRate) },
    { header: '线索直接破案数', value: (row: any) => row.directOutcomes },
  ],
  kinds: [
    { header: '类型', value: (row: any) => row.kind },
    { header: '期间', value: (row: any) => row.period },
    { header: '发布数', value: (row: any) => row.published },
    { header: '已破案/结案', value: (row: any) => row.resolved },
    { header: '线索直接破案', value: (row: any) => row.directResults },
    { header: '破案率(%)', value: (row: any) => percent(row.resolutionRate) },
    { header: '直接破案率(%)', value: (row: any) => percent(row.directResultRate) },
  ],
  map: [
    { header: '区县代码', value: (row: any) => row.code },
    { header: '区县', value: (row: any) => row.name },
    { header: '阅读量', value: (row: any) => row.reads },
    { header: '线索数', value: (row: any) => row.tips },
  ],
} satisfies Record<string, Array<CsvColumn<any>>>;

/** The analysts' figures; each list also comes as CSV (`format=csv`, UTF-8 with BOM for Excel). */
@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly outcomes: OutcomesService,
    private readonly personOutcomes: PersonOutcomesService,
  ) {}

  @Get('reports/totals')
  @Access(...ANALYSTS)
  @ReportAnswer(ReportTotals, false)
  async totals(@Query() filters: ReportFilters, @Res({ passthrough: true }) response: FastifyReply) {
    const totals = await this.reports.totals(filters);
    const { persons, ...figures } = totals;
    const rows: Array<[string, unknown]> = [
      ...Object.entries(figures),
      ...Object.entries(persons).map(([name, value]): [string, unknown] => [`persons.${name}`, value]),
    ];
    return this.answer(response, filters.format, totals, 'totals', rows, COLUMNS.totals);
  }

  @Get('reports/bulletins')
  @Access(...ANALYSTS)
  @ReportAnswer(BulletinReportRow, true)
  async bulletins(@Query() filters: ReportFilters, @Res({ passthrough: true }) response: FastifyReply) {
    const rows = await this.reports.bulletins(filters);
    return this.answer(response, filters.format, rows, 'bulletins', rows, COLUMNS.bulletins);
  }

  /** Funnel, timings, reads over time and the decisive tip's account, platform and unit. */
  @Get('reports/bulletins/:id')
  @Access(...ANALYSTS)
  @ReportAnswer(BulletinReport, false)
  async bulletin(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: BulletinReportQuery,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    const report = await this.reports.bulletin(id);
    const rows: Array<[string, unknown]> = [
      ...Object.entries(report.funnel),
      ['secondsToFirstPost', report.secondsToFirstPost],
      ['secondsToFirstTip', report.secondsToFirstTip],
      ['secondsToOutcome', report.secondsToOutcome],
      ['readsPerOutcome', report.readsPerOutcome],
      ['decisiveTipPlatform', report.decisiveTip?.platform ?? ''],
      ['decisiveTipAccount', report.decisiveTip?.accountName ?? ''],
      ['decisiveTipUnit', report.decisiveTip?.unitName ?? ''],
      ...report.persons.map((person): [string, unknown] => [`person@${person.person}`, person.status]),
      ...report.readsOverTime.map(({ hour, reads }): [string, unknown] => [`reads@${new Date(hour).toISOString()}`, reads]),
    ];
    return this.answer(response, query.format, report, `bulletin-${id}`, rows, COLUMNS.totals);
  }

  @Get('reports/units')
  @Access(...ANALYSTS)
  @ReportAnswer(UnitReportRow, true)
  async units(@Query() filters: ReportFilters, @Res({ passthrough: true }) response: FastifyReply) {
    const rows = await this.reports.units(filters);
    return this.answer(response, filters.format, rows, 'units', rows, COLUMNS.units);
  }

  @Get('reports/platforms')
  @Access(...ANALYSTS)
  @ReportAnswer(PlatformReportRow, true)
  async platforms(@Query() filters: ReportFilters, @Res({ passthrough: true }) response: FastifyReply) {
    const rows = await this.reports.platforms(filters);
    return this.answer(response, filters.format, rows, 'platforms', rows, COLUMNS.platforms);
  }

  @Get('reports/kinds')
  @Access(...ANALYSTS)
  @ReportAnswer(KindPeriodRow, true)
  async kinds(@Query() query: PeriodReportQuery, @Res({ passthrough: true }) response: FastifyReply) {
    const rows = await this.reports.kinds(query, query.period);
    return this.answer(response, query.format, rows, 'kinds', rows, COLUMNS.kinds);
  }

  @Get('reports/map')
  @Access(...ANALYSTS)
  @ReportAnswer(CountyReach, true)
  async map(@Query() filters: ReportFilters, @Res({ passthrough: true }) response: FastifyReply) {
    const rows = await this.reports.map(filters);
    return this.answer(response, filters.format, rows, 'counties', rows, COLUMNS.map);
  }

  /** County boundaries (GeoJSON) for the map; `properties.code` is the county's GB/T 2260 code. */
  @Get('reports/map/shapes')
  @Access(...ANALYSTS)
  @Header('Content-Type', 'application/json; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=86400')
  mapShapes() {
    return this.reports.mapShapes();
  }

  /** Records how the case ended and which tips led there; resolves the bulletin on every live post. */
  @Post('bulletins/:id/outcome')
  @Access(Role.Admin, Role.Reviewer)
  @HttpCode(200)
  recordOutcome(@Param('id', ParseIdPipe) id: string, @Body() input: RecordOutcomeDto) {
    return this.outcomes.record(id, input);
  }

  /**
   * Records what became of one or more persons the notice names: it goes public as one update
   * once a second person approves it, and resolves the bulletin when no person is left open.
   */
  @Post('bulletins/:id/person-outcomes')
  @Access(Role.Editor, Role.Reviewer, Role.Admin)
  @ApiCreatedResponse({ type: PersonOutcomesRecorded })
  recordPersonOutcomes(@Param('id', ParseIdPipe) id: string, @Body() input: RecordPersonOutcomesDto) {
    return this.personOutcomes.record(id, input);
  }

  /** Each person the notice names, with their status, how they were resolved and any outcome awaiting approval. */
  @Get('bulletins/:id/persons')
  @Access(...ANALYSTS)
  @ApiOkResponse({ type: NoticePerson, isArray: true })
  persons(@Param('id', ParseIdPipe) id: string) {
    return this.personOutcomes.persons(id);
  }

  private answer<T>(
    response: FastifyReply,
    format: 'json' | 'csv' | undefined,
    json: unknown,
    name: string,
    rows: T[],
    columns: Array<CsvColumn<T>>,
  ) {
    if (format !== 'csv') return json;
    response.headers({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` });
    return toCsv(rows, columns);
  }
}
