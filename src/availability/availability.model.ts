import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars';
import { AvailabilityStatus } from './availability.enums';

/**
 * Idle capacity. Period, half-days and the nested employee, company and pool are resolved in
 * `AvailabilityWindowResolver` from the stored row.
 */
@ObjectType('AvailabilityWindow', {
  description:
    'Idle capacity: an employee\'s free period and half-days with hours per week, offered by the employer in one pool for collegial lending ("collegiaal uitlenen").',
})
export class AvailabilityWindowModel {
  @Field(() => ID, { description: 'Identifier of the window.' })
  id!: string;

  @Field(() => Float, { description: 'Hours a week on offer within the period and half-days.' })
  hoursPerWeek!: number;

  @Field(() => AvailabilityStatus, { description: 'ACTIVE (offered) or WITHDRAWN.' })
  status!: AvailabilityStatus;

  @Field(() => DateTimeScalar, { description: 'When the window was published.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the window was withdrawn; null while it is ACTIVE.',
  })
  withdrawnAt!: Date | null;
}
