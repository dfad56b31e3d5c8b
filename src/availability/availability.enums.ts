import { registerEnumType } from '@nestjs/graphql';

export enum AvailabilityStatus {
  ACTIVE = 'ACTIVE',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(AvailabilityStatus, {
  name: 'AvailabilityStatus',
  description: 'ACTIVE capacity is offered for matching; WITHDRAWN is kept for history.',
});
