import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** A figure as the table at the end of a run shows it: its name, its value, its target. */
export type TableRow = [name: string, value: number, target: string];

/** What the run ran on, kept with its figures. */
export function machine(): { cpus: number; cpuModel: string | undefined; memoryGb: number; node: string } {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
}

/** Writes the run's JSON to bench/results/<date>-<time><suffix>.json, prints it, then prints the table. */
export function saveAndPrint(results: { date: string }, suffix: string, table: TableRow[]): void {
  const directory = join(process.cwd(), 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  const stamp = results.date.slice(0, 16).replace('T', '-').replace(':', '');
  writeFileSync(join(directory, `${stamp}${suffix}.json`), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  const width = Math.max(...table.map(([name]) => name.length));
  process.stdout.write(
    `\n${table.map(([name, value, target]) => `${name.padEnd(width)} ${String(value).padStart(8)}   target ${target}`).join('\n')}\n`,
  );
}
