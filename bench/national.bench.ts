import { machine, saveAndPrint, type TableRow } from './bench-results';
import { nationalFanOut } from './national.scenario';

const QUICK = process.env.BENCH_QUICK === '1';
/** 20,000 accounts in each of ten provinces: a national matrix of 200,000. */
const ACCOUNTS_PER_PROVINCE = QUICK ? 100 : 20_000;

describe('national benchmarks', () => {
  it('fans one bulletin out over ten provinces, with one worker and two, against one province in the same run', async () => {
    const national = await nationalFanOut(ACCOUNTS_PER_PROVINCE);
    const results = {
      date: new Date().toISOString(),
      mode: QUICK ? 'national-quick' : 'national',
      machine: machine(),
      national,
      national_cost_growth: national.costGrowth,
      national_memory_growth: national.memoryGrowth,
      national_scaleout_ratio: national.scaleoutRatio,
      first_post_ms_national: national.nationOneWorker.firstPostMs,
      publish_answer_ms_national: national.nationOneWorker.publishAnswerMs,
    };
    const table: TableRow[] = [
      ['cost a delivery 200k ÷ 20k', results.national_cost_growth, '≤ 1.1'],
      ['memory 200k ÷ 20k', results.national_memory_growth, '≤ 1.3'],
      ['publish answer ms (200k)', results.publish_answer_ms_national, '< 2000'],
      ['first_post_ms (200k)', results.first_post_ms_national, '< 1500'],
      ['two workers ÷ one (200k)', results.national_scaleout_ratio, '—'],
    ];
    saveAndPrint(results, `-${results.mode}`, table);
    expect(national.nationTwoWorkers.accounts).toBe(national.accounts);
  });
});
