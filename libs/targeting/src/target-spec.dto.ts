import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsObject,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Platform } from '@mb/vocabulary';

const TAG = /^[\p{L}\p{N}_-]{1,32}$/u;

/** One widening of a geographic alert: a radius (or the whole target) some minutes after publishing. */
export class RingStepDto {
  /** Kilometres around the point; leave out with `wholeTarget`. */
  @ValidateIf((step: RingStepDto) => !step.wholeTarget)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(2000)
  radiusKm?: number;

  /** The last step may reach every account of the target (e.g. the whole province). */
  @IsOptional()
  @IsBoolean()
  wholeTarget?: boolean;

  @IsInt()
  @Min(0)
  @Max(30 * 24 * 60)
  afterMinutes: number;
}

/** Expanding alert rings around a point (where a person was last seen), like national missing-child alerts. */
export class RingsDto {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLatitude({ message: 'latitude must be a number between -90 and 90' })
  latitude: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLongitude({ message: 'longitude must be a number between -180 and 180' })
  longitude: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RingStepDto)
  steps: RingStepDto[];
}

/** Who a bulletin reaches: whole subtrees of units, minus excluded subtrees, filtered by platform and tags, optionally in rings. */
export class TargetSpecDto {
  /** Each unit stands for itself and every unit below it (the province id targets the whole province). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  unitIds: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID(undefined, { each: true })
  excludeUnitIds?: string[];

  /** Only these platforms; all when absent. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsEnum(Platform, { each: true })
  platforms?: Platform[];

  /** Only accounts carrying at least one of these tags. */
  @IsOptional()
  @IsArray()
  @Matches(TAG, { each: true })
  includeTags?: string[];

  /** No account carrying any of these tags. */
  @IsOptional()
  @IsArray()
  @Matches(TAG, { each: true })
  excludeTags?: string[];

  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => RingsDto)
  rings?: RingsDto;
}

/** Problems a ring list can have that field rules cannot see; null when it is sound. */
export function ringStepsProblem(rings: RingsDto | undefined): { field: string; message: string } | null {
  if (!rings) return null;
  const steps = rings.steps;
  if (steps[0].afterMinutes !== 0)
    return { field: 'target.rings.steps.0.afterMinutes', message: 'the first ring starts at once (afterMinutes 0)' };
  for (let index = 1; index < steps.length; index += 1) {
    if (steps[index].afterMinutes <= steps[index - 1].afterMinutes)
      return { field: `target.rings.steps.${index}.afterMinutes`, message: 'each ring starts after the previous one' };
    const previous = steps[index - 1];
    if (previous.wholeTarget) return { field: `target.rings.steps.${index}`, message: 'no ring can follow the whole target' };
    if (!steps[index].wholeTarget && (steps[index].radiusKm ?? 0) <= (previous.radiusKm ?? 0)) {
      return { field: `target.rings.steps.${index}.radiusKm`, message: 'each ring is wider than the previous one' };
    }
  }
  return null;
}
