import { registerEnumType } from '@nestjs/graphql';

export enum DemandStatus {
  OPEN = 'OPEN',
  PARTIALLY_FILLED = 'PARTIALLY_FILLED',
  FILLED = 'FILLED',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
}

registerEnumType(DemandStatus, {
  name: 'DemandStatus',
  description: 'Lifecycle of a peak (demand request).',
});
