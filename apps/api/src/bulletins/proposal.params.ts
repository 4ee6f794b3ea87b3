import { IsUUID } from 'class-validator';

export class ProposalParams {
  @IsUUID(undefined, { message: 'id must be a bulletin id (UUID)' })
  id: string;

  @IsUUID(undefined, { message: 'proposalId must be a proposal id (UUID)' })
  proposalId: string;
}
