import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars';
import { SkillCategory } from './skill.enums';

/** An entry of the skill taxonomy. */
@ObjectType('Skill', {
  description:
    'An entry of the skill taxonomy: a trade, a specialism within one, or a certificate such as VCA, NEN 3140 or F-gassen.',
})
export class SkillModel {
  @Field(() => ID, { description: 'Identifier of the skill.' })
  id!: string;

  @Field({
    description: 'Stable code, upper case letters, digits and underscores, e.g. `WELD_TIG`.',
  })
  code!: string;

  @Field({ description: 'Human name, e.g. "TIG welding".' })
  name!: string;

  @Field(() => SkillCategory, { description: 'Broad group the skill belongs to.' })
  category!: SkillCategory;

  @Field(() => ID, {
    nullable: true,
    description: 'The broader skill this one specialises, if any (see `parent`).',
  })
  parentId!: string | null;

  @Field({
    description:
      'Whether holding this skill means holding a certificate that expires (an employee skill then needs `validUntil`).',
  })
  requiresCertificate!: boolean;

  @Field(() => DateTimeScalar, { description: 'When the entry was added to the taxonomy.' })
  createdAt!: Date;
}
