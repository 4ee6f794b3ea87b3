import { type ValidationOptions, registerDecorator } from 'class-validator';
import { isResidentIdNumber } from '@mb/vocabulary';

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
