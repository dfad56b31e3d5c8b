import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars';
import { CompanyKind, MembershipStatus } from './company.enums';

/** A member firm. */
@ObjectType('Company', {
  description: 'A member firm of one or more pools, or a vocational school that borrows.',
})
export class CompanyModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'Chamber of Commerce (KvK) number, 8 digits.' })
  kvkNumber!: string;

  @Field(() => CompanyKind)
  kind!: CompanyKind;

  @Field({ description: 'Postcode of the main location, e.g. 1312 AB.' })
  postcode!: string;

  @Field()
  city!: string;

  @Field(() => Float, { description: 'Latitude of the main location (WGS 84).' })
  latitude!: number;

  @Field(() => Float, { description: 'Longitude of the main location (WGS 84).' })
  longitude!: number;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

/** A company's membership of a pool. */
@ObjectType('PoolMembership', {
  description: "A company's membership of a pool; only ACTIVE members lend and borrow.",
})
export class PoolMembershipModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  poolId!: string;

  @Field(() => ID)
  companyId!: string;

  @Field(() => MembershipStatus)
  status!: MembershipStatus;

  @Field(() => DateTimeScalar)
  requestedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt!: Date | null;
}
