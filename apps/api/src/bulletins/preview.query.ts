import { IsEnum, IsOptional } from 'class-validator';
import { Platform } from '@mb/vocabulary';

export class PreviewQuery {
  @IsOptional()
  @IsEnum(Platform)
  platform?: Platform;
}
