import { registerEnumType } from '@nestjs/graphql';

export enum SkillCategory {
  ELECTRICAL = 'ELECTRICAL',
  MECHANICAL = 'MECHANICAL',
  INSTALLATION = 'INSTALLATION',
  METALWORK = 'METALWORK',
  AUTOMATION = 'AUTOMATION',
  CONSTRUCTION = 'CONSTRUCTION',
  ICT = 'ICT',
  SAFETY = 'SAFETY',
  TEACHING = 'TEACHING',
}

registerEnumType(SkillCategory, {
  name: 'SkillCategory',
  description: 'Broad group a skill belongs to.',
});
