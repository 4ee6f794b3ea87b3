import { Injectable } from '@nestjs/common';
import { loadProvinceCountyShapes } from '@mb/units';
import { ReportFilters } from './report.dto';
import {
  type BulletinReport,
  type BulletinReportRow,
  type CountyReach,
  type KindPeriodRow,
  type PlatformReportRow,
  type ReportTotals,
  type UnitReportRow,
} from './report.views';
import { PersonOutcomesService } from './person-outcomes.service';
import { ReportError, ReportErrorCode } from './reports.error';
import { type FilterValues, ReportsRepository } from './reports.repository';

const seconds = (from: Date | null, to: Date | null) =>
  from && to ? Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000) : null;
const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * Reach-to-arrest figures. A bulletin is resolved when it has an outcome, and resolved as a
 * direct result when at least one tip that came through the matrix contributed to it.
 */
@Injectable()
export class ReportsService {
  private shapes?: string;

  constructor(
    private readonly reports: ReportsRepository,
    private readonly persons: PersonOutcomesService,
  ) {}

  async totals(filters: ReportFilters): Promise<ReportTotals> {
    const totals = await this.reports.totals(await this.values(filters));
    return {
      ...totals,
      resolutionRate: rate(totals.resolved, totals.bulletins),
      directResultRate: rate(totals.directResults, totals.bulletins),
    };
  }

  async bulletins(filters: ReportFilters): Promise<BulletinReportRow[]> {
    const rows = await this.reports.bulletinList(await this.values(filters), 200);
    return rows.map((row: any) => ({
      bulletinId: row.id,
      title: row.title,
      kind: row.kind,
      issuerName: row.issuer_name,
      publishedAt: row.published_at,
      reads: Number(row.reads),
      tips: row.tips,
      outcome: row.outcome,
      directResult: row.direct_result,
    }));
  }

  /** The funnel and timings of one bulletin, and where the decisive tip came from. */
  async bulletin(id: string): Promise<BulletinReport> {
    const facts = await this.reports.bulletinFacts(id);
    if (!facts) throw new ReportError(ReportErrorCode.BulletinNotFound, `no bulletin ${id}`, 'id');
    const outcome = await this.reports.outcomeOf(id);
    const reads = Number(facts.reads);
    return {
      bulletinId: facts.id,
      title: facts.title,
      kind: facts.kind,
      status: facts.status,
      issuerName: facts.issuer_name,
      publishedAt: facts.published_at,
      funnel: {
        targeted: facts.targeted,
        posted: facts.posted,
        reads,
        tips: facts.tips,
        actionableTips: facts.actionable_tips,
        outcomes: outcome ? 1 : 0,
      },
      outcome: outcome
        ? {
            outcome: outcome.outcome,
            occurredAt: outcome.occurred_at,
            place: outcome.place,
            contributingTips: outcome.contributing_tips,
            directResult: outcome.contributing_tips > 0,
          }
        : null,
      secondsToFirstPost: seconds(facts.published_at, facts.first_post_at),
      secondsToFirstTip: seconds(facts.published_at, facts.first_tip_at),
      secondsToOutcome: outcome ? seconds(facts.published_at, outcome.occurred_at) : null,
      readsPerOutcome: outcome ? reads : null,
      decisiveTip: outcome?.decisive_tip_id
        ? {
            tipId: outcome.decisive_tip_id,
            accountId: outcome.account_id,
            accountName: outcome.account_name,
            platform: outcome.platform,
            unitId: outcome.source_unit_id,
            unitName: outcome.unit_name,
          }
        : null,
      persons: await this.persons.persons(id),
      readsOverTime: await this.reports.readsOverTime(id),
    };
  }

  async units(filters: ReportFilters): Promise<UnitReportRow[]> {
    const rows = await this.reports.unitLeaderboard(await this.values(filters));
    return rows.map((row: any) => ({
      unitId: row.unit_id,
      code: row.code,
      name: row.name,
      level: row.level,
      reads: Number(row.reads),
      tips: row.tips,
      actionableTips: row.actionable_tips,
      replyRate: rate(row.replied, row.replied + row.escalated),
      directOutcomes: row.direct_outcomes,
    }));
  }

  async platforms(filters: ReportFilters): Promise<PlatformReportRow[]> {
    const rows = await this.reports.platformLeaderboard(await this.values(filters));
    return rows.map((row: any) => ({
      platform: row.platform,
      reads: Number(row.reads),
      tips: row.tips,
      actionableTips: row.actionable_tips,
      replyRate: rate(row.replied, row.replied + row.escalated),
      directOutcomes: row.direct_outcomes,
    }));
  }

  async kinds(filters: ReportFilters, period: 'month' | 'quarter' | 'year'): Promise<KindPeriodRow[]> {
    const rows = await this.reports.kindsByPeriod(await this.values(filters), period);
    return rows.map((row: any) => ({
      kind: row.kind,
      period: row.period,
      published: row.published,
      resolved: row.resolved,
      directResults: row.direct_results,
      resolutionRate: rate(row.resolved, row.published),
      directResultRate: rate(row.direct_results, row.published),
    }));
  }

  async map(filters: ReportFilters): Promise<CountyReach[]> {
    const rows = await this.reports.countyMap(await this.values(filters));
    return rows.map((row: any) => ({
      unitId: row.unit_id,
      code: row.code,
      name: row.name,
      latitude: row.latitude,
      longitude: row.longitude,
      reads: Number(row.reads),
      tips: row.tips,
    }));
  }

  /** County shapes of the matrix's province for the dashboard's map, built once per process. */
  async mapShapes(): Promise<string> {
    if (!this.shapes) {
      const province = await this.reports.provinceCode();
      this.shapes = JSON.stringify(province ? loadProvinceCountyShapes(province) : { type: 'FeatureCollection', features: [] });
    }
    return this.shapes;
  }

  private async values(filters: ReportFilters): Promise<FilterValues> {
    let cityPath: string | null = null;
    if (filters.cityId) {
      cityPath = await this.reports.cityPath(filters.cityId);
      if (!cityPath) throw new ReportError(ReportErrorCode.CityNotFound, 'no such city', 'cityId');
    }
    return {
      from: filters.from ?? null,
      to: filters.to ?? null,
      kind: filters.kind ?? null,
      cityPath,
      caseNumber: filters.caseNumber ?? null,
    };
  }
}
