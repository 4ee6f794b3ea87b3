import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';

/** A bulletin's public code, the one in its page, CAP and tip links. */
export class PublicCodeParam {
  @Matches(/^[0-9a-z]{1,12}\.[0-9a-z]{1,12}\.[0-9a-z]{6}$/, { message: 'must be the code from a bulletin or tip link' })
  code: string;
}

export class PublicVersionParams extends PublicCodeParam {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version: number;
}

export class UnitFeedParam {
  /** The unit's GB/T 2260 code (or the code of a unit below a county). */
  @Matches(/^[0-9A-Za-z]{2,16}$/, { message: 'must be a unit code' })
  unitCode: string;
}
