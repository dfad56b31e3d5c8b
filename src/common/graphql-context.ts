import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { IncomingMessage } from 'node:http';
import { RequestContext } from './request-context';

/** The GraphQL context of one request. */
export interface GraphQLContext {
  /** The HTTP request (absent for subscription operations), for its headers and address. */
  req?: IncomingMessage;
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
