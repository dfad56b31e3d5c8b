import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsEmailAddress } from '../common/validation';
import { UserRole } from './actor';

const lower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

@InputType()
export class CreateUserInput {
  @Field()
  @Transform(lower)
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;

  @Field({ description: 'At least 10 characters.' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;

  @Field(() => UserRole)
  @IsEnum(UserRole)
  role!: UserRole;

  @Field(() => ID, { nullable: true, description: 'COMPANY_HR: the company.' })
  @IsOptional()
  @IsUUID()
  companyId?: string;

  @Field(() => ID, { nullable: true, description: 'EMPLOYEE: the employee record.' })
  @IsOptional()
  @IsUUID()
  employeeId?: string;

  @Field(() => [ID], { nullable: true, description: 'POOL_COORDINATOR: the pools to coordinate.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  poolIds?: string[];
}
