import { ID, Parent, Query, ResolveField, Resolver, Args } from '@nestjs/graphql';
import { Ctx } from '../common/graphql-context';
import { Connection, ConnectionPage } from '../common/pagination/connection';
import { RequestContext } from '../common/request-context';
import { AuditEvent } from './audit-event.entity';
import { AuditEventsArgs } from './audit.inputs';
import { AuditEventModel } from './audit.model';
import { AuditService } from './audit.service';

const AuditEventConnection = Connection(AuditEventModel);

@Resolver(() => AuditEventModel)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEventConnection, {
    description:
      "The audit trail, oldest first: ADMIN all of it, a coordinator its pools', HR the events of records its company is party to (proposals, loans, its demand).",
  })
  auditEvents(
    @Ctx() ctx: RequestContext,
    @Args() args: AuditEventsArgs,
  ): Promise<ConnectionPage<AuditEvent>> {
    return this.audit.list(ctx, args);
  }

  @ResolveField(() => ID, {
    nullable: true,
    description:
      "The acting user: for ADMIN, for your own actions and your company's users' actions; null otherwise and for SYSTEM.",
  })
  actorUserId(@Ctx() ctx: RequestContext, @Parent() event: AuditEvent): string | null {
    return AuditService.mayIdentifyActor(ctx, event) ? event.actorUserId : null;
  }
}
