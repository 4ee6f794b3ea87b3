import { Injectable, Logger } from '@nestjs/common';
import axios from 'axios';
import { AccountCredentialsCipher, AccountsRepository, type NewAccount, RepostPolicy } from '@mb/accounts';
import { Platform, PLATFORM_LABELS, PLATFORMS, Role } from '@mb/vocabulary';
import { PLATFORM_REGISTRY } from '@mb/platforms';
import { UsersService } from '@mb/auth';
import { AppConfig } from '@mb/config';

import { loadProvinceDivisions, type NewUnit, UnitLevel, UnitsRepository } from '@mb/units';

const STATIONS_PER_COUNTY = 2;
const STATION_NAMES = ['城关派出所', '开发区派出所', '中心派出所'];
const ACCOUNT_SUFFIXES = ['公安', '政法', '平安', '法院', '检察', '司法', '交警', '网警'];

/** Shandong (370000) from the GB/T 2260 registry, generated stations, and simulated accounts on them. */
@Injectable()
export class DemoProvinceSeeder {
  private readonly logger = new Logger(DemoProvinceSeeder.name);

  constructor(
    private readonly units: UnitsRepository,
    private readonly accounts: AccountsRepository,
    private readonly cipher: AccountCredentialsCipher,
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async seedUnits(provinceCode: string): Promise<{ units: number; unmatchedCounties: string[] }> {
    const { divisions, unmatchedCounties } = loadProvinceDivisions(provinceCode);
    const pathOf = new Map<string, string>();
    const rows: Array<Omit<NewUnit, 'parentId'> & { parentCode: string | null }> = [];
    for (const division of divisions) {
      const path = `${division.parentCode ? pathOf.get(division.parentCode) : '/'}${division.code}/`;
      pathOf.set(division.code, path);
      rows.push({
        code: division.code,
        name: division.name,
        level: division.level,
        parentCode: division.parentCode,
        path,
        latitude: division.latitude,
        longitude: division.longitude,
      });
    }
    // Stations sit a few kilometres around their county seat, at fixed offsets so every seed is the same.
    for (const county of divisions.filter((division) => division.level === UnitLevel.County)) {
      for (let index = 0; index < STATIONS_PER_COUNTY; index += 1) {
        const code = `${county.code}P${String(index + 1).padStart(2, '0')}`;
        rows.push({
          code,
          name: `${county.name}公安局${STATION_NAMES[index % STATION_NAMES.length]}`,
          level: UnitLevel.Station,
          parentCode: county.code,
          path: `${pathOf.get(county.code)}${code}/`,
          latitude: county.latitude + 0.03 * Math.cos(index * 2.1),
          longitude: county.longitude + 0.03 * Math.sin(index * 2.1),
        });
      }
    }
    await this.units.insertManyByCode(rows);
    for (const county of unmatchedCounties) this.logger.warn({ county }, 'no county shape matched; placed at the city centre');
    return { units: rows.length, unmatchedCounties };
  }

  /** Adds simulated accounts until the province has `target` of them, spread over every unit. */
  async seedAccounts(provinceCode: string, target: number): Promise<number> {
    const count = await this.accounts.count();
    if (count >= target) return 0;
    const units = await this.units.inSubtree(`/${provinceCode}/`);
    const simulatorUrl = `http://127.0.0.1:${this.config.simulator.port}`;
    const rows: NewAccount[] = [];
    for (let index = count; index < target; index += 1) {
      const unit = units[index % units.length];
      const round = Math.floor(index / units.length);
      const platform = PLATFORMS[(index + round) % PLATFORMS.length];
      const { platformAccountId, credentials } = PLATFORM_REGISTRY[platform].sampleAccount(index, simulatorUrl);
      rows.push({
        unitId: unit.id,
        platform,
        platformAccountId,
        displayName: `${unit.name}${ACCOUNT_SUFFIXES[round % ACCOUNT_SUFFIXES.length]}${PLATFORM_LABELS[platform]}`,
        followers: 2_000 + ((index * 7919) % 500_000),
        tags: [unit.level, ...(round === 0 ? ['primary'] : [])],
        repostPolicy: RepostPolicy.Auto,
        active: true,
        // The province's and cities' WeChat accounts are service accounts (four mass sends a month), the others subscription accounts.
        accountClass:
          platform === Platform.WechatMp ? (unit.level === 'province' || unit.level === 'city' ? 'service' : 'subscription') : null,
        credentialsSealed: this.cipher.seal(platform, platformAccountId, credentials),
      });
    }
    return (await this.accounts.insertMany(rows)).length;
  }

  /** One user of each role, the unit operator for 龙口市 (370681); existing users are left alone. */
  async seedUsers(password: string): Promise<Array<{ username: string; role: Role }>> {
    const longkou = await this.units.findByCode('370681');
    const wanted: Array<{ username: string; displayName: string; role: Role; unitId?: string }> = [
      { username: 'editor', displayName: '省委政法委编辑', role: Role.Editor },
      { username: 'reviewer', displayName: '省委政法委审核', role: Role.Reviewer },
      // Changes after the first publish need a second person: the demo has two reviewers.
      { username: 'reviewer2', displayName: '省委政法委复核', role: Role.Reviewer },
      { username: 'analyst', displayName: '数据分析员', role: Role.Analyst },
      { username: 'longkou', displayName: '龙口市政法委运营', role: Role.UnitOperator, unitId: longkou?.id },
    ];
    for (const user of wanted) {
      if (!(await this.users.exists(user.username)) && (user.role !== Role.UnitOperator || user.unitId))
        await this.users.create({ ...user, password });
    }
    return wanted.map(({ username, role }) => ({ username, role }));
  }

  /** The simulator keeps its world in memory: tell it every account's credentials again on each start. */
  async registerAccountsWithSimulator(): Promise<number> {
    const rows = await this.accounts.activeWithCredentials();
    const accounts = rows.map((row) => ({
      platform: row.platform,
      accountId: row.platformAccountId,
      followers: row.followers,
      ...(row.accountClass ? { accountClass: row.accountClass } : {}),
      credentials: this.cipher.open(row.platform, row.platformAccountId, row.credentialsSealed),
    }));
    for (let start = 0; start < accounts.length; start += 5000) {
      await axios.post(`http://127.0.0.1:${this.config.simulator.port}/_sim/accounts`, { accounts: accounts.slice(start, start + 5000) });
    }
    return accounts.length;
  }
}
