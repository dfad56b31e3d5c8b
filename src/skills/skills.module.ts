import { Module } from '@nestjs/common';
import { SkillResolver } from './skill.resolver';
import { SkillService } from './skill.service';

@Module({ providers: [SkillService, SkillResolver], exports: [SkillService] })
export class SkillsModule {}
