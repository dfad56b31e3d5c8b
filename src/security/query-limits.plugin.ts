import { ApolloServerPlugin, GraphQLRequestListener, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { DomainError, RateLimitedError } from '../common/errors';
import { GraphQLContext } from '../common/graphql-context';
import { AppConfig } from '../config/app-config';
import { clientIpOf } from './client-ip';
import { QueryLimits } from './query-limits';
import { RateLimitService } from './rate-limit.service';

/**
 * Wraps a refusal for Apollo: the domain error stays the cause (so the one error mapping gives it
 * its code), and the HTTP status is 400, or 429 with `Retry-After` when rate limited.
 */
function refusal(error: DomainError): GraphQLError {
  const headers = new HeaderMap();
  let status = 400;
  if (error instanceof RateLimitedError) {
    status = 429;
    headers.set('retry-after', String(error.retryAfterSeconds));
  }
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { http: { status, headers } },
  });
}

/**
 * The HTTP half of the query limits (Apollo runs token, depth, alias and directive limits
 * itself, from `parseOptions` and `validationRules`): once the operation is known, its cost is
 * checked against GRAPHQL_MAX_COST and spent from the rate-limit budgets of the user and the IP.
 * Subscriptions over WebSocket get the same checks in graphql-ws `onSubscribe`.
 */
export function queryLimitsPlugin(
  limits: QueryLimits,
  rateLimits: RateLimitService,
  config: AppConfig,
): ApolloServerPlugin<GraphQLContext> {
  return {
    requestDidStart: async (): Promise<GraphQLRequestListener<GraphQLContext>> => ({
      didResolveOperation: async ({ schema, document, request, operationName, contextValue }) => {
        try {
          const cost = limits.cost({
            schema,
            document,
            variables: request.variables,
            operationName,
          });
          const ip = contextValue.req
            ? clientIpOf(contextValue.req, config.TRUST_PROXY_HOPS)
            : 'unknown';
          await rateLimits.spend(contextValue.ctx.actor, ip, cost);
        } catch (error) {
          if (error instanceof DomainError) throw refusal(error);
          throw error;
        }
      },
    }),
  };
}
