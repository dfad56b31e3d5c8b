import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { ConnectionArgs } from '../common/pagination/connection';
import { AuditEntityType } from './audit.enums';

@ArgsType()
export class AuditEventsArgs extends ConnectionArgs {
  @Field(() => AuditEntityType, { nullable: true, description: 'Only events about this kind.' })
  @IsOptional()
  @IsEnum(AuditEntityType)
  entityType?: AuditEntityType;

  @Field(() => ID, { nullable: true, description: 'Only events about this record.' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @Field(() => ID, { nullable: true, description: 'Only events in this pool.' })
  @IsOptional()
  @IsUUID()
  poolId?: string;
}
