import { IsDateString, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { BulletinKind, BulletinPriority } from '@mb/vocabulary';
import type { BulletinKindDescriptor } from './kind-descriptor';
import { beijingTime, joined } from './shared-fields';

const REPORT_TOPIC_LABELS: Record<string, string> = {
  drug_trafficking: '涉毒违法犯罪',
  telecom_fraud: '电信网络诈骗',
  gang_crime: '涉黑涉恶犯罪',
  public_danger: '公共安全隐患',
  other: '违法犯罪线索',
};

export const REPORT_TOPICS = ['drug_trafficking', 'telecom_fraud', 'gang_crime', 'public_danger', 'other'] as const;

export class ReportDetailsDto {
  @IsIn(REPORT_TOPICS)
  topic: (typeof REPORT_TOPICS)[number];

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  sought: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  rewardRules: string;

  @IsDateString({ strict: true })
  deadline: string;
}

/** 微举报: clues sought on a topic until a deadline; a tip belongs to the county where it happened. */
export const REPORT: BulletinKindDescriptor<ReportDetailsDto> = {
  kind: BulletinKind.Report,
  detailsField: 'report',
  details: ReportDetailsDto,
  summary: (details) =>
    `${joined([`征集${REPORT_TOPIC_LABELS[details.topic] ?? details.topic}线索：${details.sought}`, details.rewardRules])}。截止${beijingTime(details.deadline)}。`,
  persons: () => [],
  caseNumber: () => null,
  tipsGoTo: 'place_of_tip',
  priority: () => BulletinPriority.Normal,
};
