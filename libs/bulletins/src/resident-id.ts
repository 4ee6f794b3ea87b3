import { type ValidationOptions, registerDecorator } from 'class-validator';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** GB 11643 resident identity number: 17 digits and an ISO 7064 MOD 11-2 check character. */
export function isResidentIdNumber(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{17}[\dX]$/.test(value)) return false;
  const sum = WEIGHTS.reduce((total, weight, index) => total + weight * Number(value[index]), 0);
  return CHECK_CHARACTERS[sum % 11] === value[17];
}

export function IsResidentIdNumber(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isResidentIdNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an 18-character resident ID number with a valid check digit', ...options },
      validator: { validate: isResidentIdNumber },
    });
}
