import { registerDecorator, ValidateIf } from 'class-validator';
export const PHOTO_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
export const CONTACT_LINE = /^[0-9+\-() ]{3,32}$/;
export const THIS_YEAR = new Date().getUTCFullYear();

export enum Sex {
  Male = 'male',
  Female = 'female',
  Unknown = 'unknown',
}

export const SEX_LABELS: Record<string, string> = { male: '男', female: '女', unknown: '性别不详' };

/** A time as a notice prints it, in Beijing time. */
export function beijingTime(iso: string): string {
  const date = new Date(new Date(iso).getTime() + 8 * 3600_000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** The parts that are there, joined as a notice joins clauses. */
export function joined(parts: Array<string | false | undefined | null | 0>): string {
  return parts.filter((part): part is string => Boolean(part)).join('，');
}

/**
 * A notice names one person (`single`) or several (`many`): exactly one of the two fields is
 * given. Decorates the `many` field; the `single` field is validated only when `many` is absent.
 */
export function OneOrMany(single: string): PropertyDecorator {
  return (target, propertyName) => {
    const many = propertyName as string;
    ValidateIf((dto: Record<string, unknown>) => dto[single] === undefined || dto[many] !== undefined)(target, propertyName);
    registerDecorator({
      name: 'oneOrMany',
      target: target.constructor,
      propertyName: many,
      options: { message: `give either ${single} or ${many}, not both` },
      validator: { validate: (_value, args) => (args?.object as Record<string, unknown>)[single] === undefined },
    });
  };
}

/** The `single` field of a one-or-many pair, validated only when the list is not given. */
export const OnlyWithout = (many: string): PropertyDecorator => ValidateIf((dto: Record<string, unknown>) => dto[many] === undefined);
