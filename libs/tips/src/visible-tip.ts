import { confinedUnitPath } from '@mb/common';
import { TipError, TipErrorCode } from './tips.error';
import { type TipRow, TipsRepository } from './tips.repository';

/** The tip as the caller may see it (within their unit's subtree), or a 404 naming the id. */
export async function visibleTip(tips: TipsRepository, id: string, forUpdate = false): Promise<TipRow> {
  const row = await tips.findById(id, confinedUnitPath(), forUpdate);
  if (!row) throw new TipError(TipErrorCode.NotFound, `no tip ${id}`, 'id');
  return row;
}
