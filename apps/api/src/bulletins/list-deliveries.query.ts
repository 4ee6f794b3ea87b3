import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DeliveryState, Platform } from '@mb/vocabulary';

/** Filters and paging of `GET /bulletins/:id/deliveries`. */
export class ListDeliveriesQuery {
  @ApiPropertyOptional({ enum: DeliveryState, description: 'only deliveries in this state' })
  @IsOptional()
  @IsEnum(DeliveryState)
  state?: DeliveryState;

  @ApiPropertyOptional({ enum: Platform, description: 'only deliveries to accounts of this platform' })
  @IsOptional()
  @IsEnum(Platform)
  platform?: Platform;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5000, default: 500, description: 'page size' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit = 500;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0, description: 'deliveries to skip' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}
