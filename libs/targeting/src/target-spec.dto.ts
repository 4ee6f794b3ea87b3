import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsOptional, IsUUID, Matches } from 'class-validator';
import { Platform } from '@mb/platforms';

const TAG = /^[\p{L}\p{N}_-]{1,32}$/u;

/** Who a bulletin reaches: whole subtrees of units, minus excluded subtrees, filtered by platform and tags. */
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
}
