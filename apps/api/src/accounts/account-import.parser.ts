import { BadRequestException } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import type { FastifyRequest } from 'fastify';

const MAX_ROWS = 50_000;

function invalid(message: string, field = 'accounts'): BadRequestException {
  return new BadRequestException({ code: 'VALIDATION_FAILED', message: `${field}: ${message}`, field });
}

/**
 * CSV columns: unitCode (or unitId), platform, platformAccountId, displayName, followers,
 * tags (separated by ";"), repostPolicy, active, accountClass, credentials (a JSON object).
 */
function rowsFromCsv(text: string): unknown[] {
  let records: Array<Record<string, string>>;
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw invalid(`CSV could not be read (${(error as Error).message})`, 'body');
  }
  return records.map((record) => {
    const row: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(record)) {
      if (value === '') continue;
      if (column === 'followers') row.followers = /^\d+$/.test(value) ? Number(value) : value;
      else if (column === 'tags')
        row.tags = value
          .split(';')
          .map((tag) => tag.trim())
          .filter(Boolean);
      else if (column === 'active') row.active = value === 'true' ? true : value === 'false' ? false : value;
      else if (column === 'credentials') row.credentials = parseJsonCell(value);
      else row[column] = value;
    }
    return row;
  });
}

function parseJsonCell(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The rows of an import request, whichever of the two accepted forms it came in. */
export function accountRowsOf(request: FastifyRequest): unknown[] {
  const type = request.headers['content-type'] ?? '';
  const rows = type.startsWith('text/csv')
    ? rowsFromCsv(typeof request.body === 'string' ? request.body : '')
    : (request.body as { accounts?: unknown })?.accounts;
  if (type.startsWith('application/json')) {
    const extra = Object.keys(request.body ?? {}).filter((key) => key !== 'accounts');
    if (extra.length > 0) throw invalid('is not an accepted field', extra[0]);
  }
  if (!Array.isArray(rows)) throw invalid('must be an array of accounts (or send text/csv)');
  if (rows.length === 0) throw invalid('must not be empty');
  if (rows.length > MAX_ROWS) throw invalid(`must have at most ${MAX_ROWS} rows`);
  return rows;
}
