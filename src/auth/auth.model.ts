import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars';
import { UserRole } from './actor';

@ObjectType('User', { description: 'A login and its scope.' })
export class UserModel {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field(() => UserRole)
  role!: UserRole;

  @Field(() => ID, { nullable: true, description: 'Company of an HR manager or employee.' })
  companyId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Employee record of an EMPLOYEE user.' })
  employeeId!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType('AuthPayload', {
  description: 'A bearer token for the `Authorization: Bearer <token>` header.',
})
export class AuthPayloadModel {
  @Field()
  token!: string;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;

  @Field(() => UserModel)
  user!: UserModel;
}
