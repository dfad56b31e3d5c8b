import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { RequestContext } from './request-context';

/** The GraphQL context of one request. */
export interface GraphQLContext {
  req?: Request;
  ctx: RequestContext;
  /** Why the bearer token was rejected, reported by the auth guard. */
  authError?: string;
}

/** Injects the {@link RequestContext} into a resolver method. */
export const Ctx = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext => {
    return GqlExecutionContext.create(context).getContext<GraphQLContext>().ctx;
  },
);
