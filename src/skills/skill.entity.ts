import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { SkillCategory } from './skill.enums';

/** An entry of the skill taxonomy (a trade, a level of it, or a certificate). */
@Entity('skill')
@Unique('skill_code_key', ['code'])
@Index('skill_parent_id_idx', ['parentId'])
@Check('skill_code_check', `"code" ~ '^[A-Z0-9_]{2,40}$'`)
export class Skill {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'skill_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'enum', enum: SkillCategory, enumName: 'skill_category' })
  category!: SkillCategory;

  @Column('uuid', { nullable: true })
  parentId!: string | null;

  @ManyToOne(() => Skill, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'skill_parent_id_fkey' })
  parent?: Skill;

  @Column('boolean', { default: false })
  requiresCertificate!: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
