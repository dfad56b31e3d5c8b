import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { UnauthenticatedError } from '../common/errors';
import { GraphQLContext } from '../common/graphql-context';

const PUBLIC = 'isPublic';

/** Marks a resolver that needs no token (login). Everything else requires one. */
export const Public = () => SetMetadata(PUBLIC, true);

/** Global guard: every GraphQL operation needs an authenticated actor unless marked {@link Public}. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const gql = GqlExecutionContext.create(context).getContext<GraphQLContext>();
    if (!gql.ctx.actor) throw new UnauthenticatedError(gql.authError);
    return true;
  }
}
