const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** GB 11643 resident identity number: 17 digits and an ISO 7064 MOD 11-2 check character (the api and the console's forms share it). */
export function isResidentIdNumber(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{17}[\dX]$/.test(value)) return false;
  return residentIdCheckCharacter(value) === value[17];
}

/** The check character the first 17 digits call for. */
export function residentIdCheckCharacter(value: string): string {
  const sum = WEIGHTS.reduce((total, weight, index) => total + weight * Number(value[index]), 0);
  return CHECK_CHARACTERS[sum % 11];
}
