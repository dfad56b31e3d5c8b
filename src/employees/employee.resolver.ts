import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Company } from '../companies/company.entity';
import { CompanyModel } from '../companies/company.model';
import { CompanyService } from '../companies/company.service';
import { Ctx } from '../common/graphql-context';
import { Connection, ConnectionPage } from '../common/pagination/connection';
import { RequestContext } from '../common/request-context';
import { Skill } from '../skills/skill.entity';
import { SkillModel } from '../skills/skill.model';
import { SkillService } from '../skills/skill.service';
import { Employee, EmployeeSkill } from './employee.entity';
import {
  CreateEmployeeInput,
  EmployeesArgs,
  SetEmployeeSkillsArgs,
  UpdateEmployeeInput,
} from './employee.inputs';
import { EmployeeModel, EmployeeSkillModel } from './employee.model';
import { EmployeeService } from './employee.service';

const EmployeeConnection = Connection(EmployeeModel);

@Resolver(() => EmployeeModel)
export class EmployeeResolver {
  constructor(
    private readonly employees: EmployeeService,
    private readonly companies: CompanyService,
  ) {}

  @Query(() => EmployeeConnection, {
    name: 'employees',
    description:
      "Employees you may see, by last name: HR its own company's, an employee itself; admins and coordinators none.",
  })
  listEmployees(
    @Ctx() ctx: RequestContext,
    @Args() args: EmployeesArgs,
  ): Promise<ConnectionPage<Employee>> {
    return this.employees.list(ctx, args);
  }

  @Query(() => EmployeeModel, {
    description: 'One employee you may see; NOT_FOUND for anyone else (existence is not revealed).',
  })
  employee(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Employee> {
    return this.employees.get(ctx, id);
  }

  @Mutation(() => EmployeeModel, { description: 'Add an employee to your own company (HR).' })
  createEmployee(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateEmployeeInput,
  ): Promise<Employee> {
    return this.employees.create(ctx, input);
  }

  @Mutation(() => EmployeeModel, {
    description:
      'Change an employee of your own company (HR), given the version you read; CONFLICT (STALE_VERSION) when it changed since.',
  })
  updateEmployee(
    @Ctx() ctx: RequestContext,
    @Args('input') input: UpdateEmployeeInput,
  ): Promise<Employee> {
    return this.employees.update(ctx, input);
  }

  @Mutation(() => EmployeeModel, {
    description:
      'Replace the whole skill set of an employee of your own company (HR); all or nothing.',
  })
  setEmployeeSkills(
    @Ctx() ctx: RequestContext,
    @Args() args: SetEmployeeSkillsArgs,
  ): Promise<Employee> {
    return this.employees.setSkills(ctx, args);
  }

  @ResolveField(() => CompanyModel, { description: 'The employer.' })
  company(@Ctx() ctx: RequestContext, @Parent() employee: Employee): Promise<Company | null> {
    return this.companies.byId(ctx).load(employee.companyId);
  }

  @ResolveField(() => Int, {
    nullable: true,
    description:
      "Employer's full cost per hour in euro cents; only the own company's HR sees it (null for everyone else).",
  })
  hourlyCostCents(@Ctx() ctx: RequestContext, @Parent() employee: Employee): number | null {
    return this.employees.hourlyCostFor(ctx, employee);
  }

  @ResolveField(() => [EmployeeSkillModel], { description: 'Skills held, by skill code.' })
  skills(@Ctx() ctx: RequestContext, @Parent() employee: Employee): Promise<EmployeeSkill[]> {
    return this.employees.skillsByEmployee(ctx).load(employee.id);
  }
}

@Resolver(() => EmployeeSkillModel)
export class EmployeeSkillResolver {
  constructor(private readonly skills: SkillService) {}

  @ResolveField(() => SkillModel, { description: 'The skill held.' })
  skill(@Ctx() ctx: RequestContext, @Parent() held: EmployeeSkill): Promise<Skill | null> {
    return this.skills.byId(ctx).load(held.skillId);
  }
}
