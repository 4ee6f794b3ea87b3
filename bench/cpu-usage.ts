import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU ticks used so far by every process on the machine, summed by what it is (our apps by name). */
function ticksByProcess(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const used = Number(fields[11]) + Number(fields[12]);
      const name =
        command === 'node'
          ? (/dist\/apps\/([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'bench and other node')
          : command;
      ticks.set(name, (ticks.get(name) ?? 0) + used);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks;
}

/** Where the machine's CPU went between start() and stop(): seconds per process kind, the largest first. */
export class CpuUsage {
  private readonly before = ticksByProcess();

  static start(): CpuUsage {
    return new CpuUsage();
  }

  stop(): Record<string, number> {
    const spent = [...ticksByProcess()]
      .map(([name, ticks]) => [name, (ticks - (this.before.get(name) ?? 0)) / TICKS_PER_SECOND] as const)
      .filter(([, seconds]) => seconds >= 0.05)
      .sort((a, b) => b[1] - a[1]);
    return Object.fromEntries(spent.map(([name, seconds]) => [name, Math.round(seconds * 100) / 100]));
  }
}

/** The processes that are the engine, as the CPU readings name them: the platforms' simulator and the bench are not. */
export const ENGINE_PROCESSES = ['worker', 'api', 'postgres', 'redis-server'];

/** The engine's CPU seconds in a reading, summed over its processes. */
export function engineCpuSeconds(cpuSeconds: Record<string, number>): number {
  return ENGINE_PROCESSES.reduce((sum, name) => sum + (cpuSeconds[name] ?? 0), 0);
}
