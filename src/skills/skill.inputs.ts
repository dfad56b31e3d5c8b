import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import {
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ConnectionArgs } from '../common/pagination/connection';
import { Trim } from '../common/validation';
import { SkillCategory } from './skill.enums';

/** The shape of a skill code; the database checks the same pattern (`skill_code_check`). */
export const SKILL_CODE = /^[A-Z0-9_]{2,40}$/;

@ArgsType()
export class SkillsArgs extends ConnectionArgs {
  @Field(() => SkillCategory, { nullable: true, description: 'Only skills of this category.' })
  @IsOptional()
  @IsEnum(SkillCategory)
  category?: SkillCategory;

  @Field(() => String, {
    nullable: true,
    description: 'Only skills whose code or name contains this text (case-insensitive).',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  search?: string;

  @Field(() => ID, { nullable: true, description: 'Only the direct children of this skill.' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

@InputType({ description: 'A new entry of the skill taxonomy.' })
export class CreateSkillInput {
  @Field({ description: 'Unique code: 2-40 upper case letters, digits or underscores.' })
  @Trim()
  @IsString()
  @Matches(SKILL_CODE, {
    message: 'code must be 2-40 upper case letters, digits or underscores',
  })
  code!: string;

  @Field({ description: 'Human name, 2-120 characters.' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  name!: string;

  @Field(() => SkillCategory, { description: 'Broad group the skill belongs to.' })
  @IsEnum(SkillCategory)
  category!: SkillCategory;

  @Field(() => ID, { nullable: true, description: 'The broader skill this one specialises.' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @Field({
    nullable: true,
    description: 'Whether the skill is an expiring certificate (default false).',
  })
  @IsOptional()
  @IsBoolean()
  requiresCertificate?: boolean;
}
