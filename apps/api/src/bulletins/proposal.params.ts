import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class ProposalParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID(undefined, { message: 'id must be a bulletin id (UUID)' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID(undefined, { message: 'proposalId must be a proposal id (UUID)' })
  proposalId: string;
}
