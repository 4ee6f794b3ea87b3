const ID_NUMBER_IN_TEXT = /(?<![0-9])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9Xx])/g;

/** Resident ID numbers are never published whole: the birth date is hidden, region and last four stay. */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length === 18 ? `${idNumber.slice(0, 6)}********${idNumber.slice(14)}` : '*'.repeat(idNumber.length);
}

/** The same masking applied to any ID number written into free text. */
export function maskIdNumbersInText(text: string): string {
  return text.replace(ID_NUMBER_IN_TEXT, (_match, region: string, _birth: string, tail: string) => `${region}********${tail}`);
}

/**
 * Every string inside an answer for the public, masked: the one path public answers take, so an ID
 * number typed into a title, a body or a reply is hidden like the structured one.
 */
export function maskIdNumbersForPublic<T>(value: T): T {
  if (typeof value === 'string') return maskIdNumbersInText(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskIdNumbersForPublic(item)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskIdNumbersForPublic(item)])) as T;
  }
  return value;
}
