import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every 4xx and 5xx answer (DomainExceptionFilter writes it). */
export class ErrorBody {
  /** A stable code to branch on, e.g. VALIDATION_FAILED or BULLETIN_NOT_FOUND. */
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code: string;

  @ApiProperty({ example: 'title must be shorter than or equal to 64 characters' })
  message: string;

  /** The input field at fault, when one is. */
  @ApiPropertyOptional({ example: 'title' })
  field?: string;

  /** Seconds to wait before trying again (also sent as Retry-After). */
  @ApiPropertyOptional()
  retryAfterSeconds?: number;
}
