import { IsEnum, IsOptional } from 'class-validator';
import { Platform } from '@mb/platforms';

export class PreviewQuery {
  @IsOptional()
  @IsEnum(Platform)
  platform?: Platform;
}
