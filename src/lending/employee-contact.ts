import { Field, ObjectType } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { rowLoader } from '../common/loaders';
import { RequestContext } from '../common/request-context';
import { Employee } from '../employees/employee.entity';

/** What a borrower may know of a lent employee once the loan is confirmed. */
@ObjectType('EmployeeContact', {
  description:
    'Name and work contact of a lent employee: what the borrower sees once the loan is confirmed. Never the home address or the cost price.',
})
export class EmployeeContactModel {
  @Field({ description: 'First name.' })
  firstName!: string;

  @Field({ description: 'Last name.' })
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Work email address.' })
  workEmail!: string | null;

  @Field(() => String, { nullable: true, description: 'Work phone number.' })
  workPhone!: string | null;
}

/**
 * Name and work contact by employee id, selecting only those columns. It checks nothing itself:
 * call it only after deciding that the actor may identify the employee (a party to its loan).
 */
export function employeeContacts(
  ctx: RequestContext,
): DataLoader<string, (EmployeeContactModel & { id: string }) | null> {
  return rowLoader(
    ctx,
    'lending.employeeContacts',
    (ids) =>
      ctx.manager
        .getRepository(Employee)
        .createQueryBuilder('e')
        .select(['e.id', 'e.firstName', 'e.lastName', 'e.workEmail', 'e.workPhone'])
        .where('e.id = ANY(CAST(:ids AS uuid[]))', { ids: [...ids] })
        .getMany(),
    (e) => e.id,
  );
}
