import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DeliveryState } from '@mb/dispatch';

export class ListDeliveriesQuery {
  @IsOptional()
  @IsEnum(DeliveryState)
  state?: DeliveryState;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit = 500;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}
