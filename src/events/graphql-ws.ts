import { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import { GraphQLError, GraphQLSchema } from 'graphql';
import type { IncomingMessage } from 'node:http';
import { Actor } from '../auth/actor';
import { AuthService } from '../auth/auth.service';
import { formatGraphQLError } from '../common/error-mapping';
import { DomainError, UnauthenticatedError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { clientIpOf } from '../security/client-ip';
import { hideSuggestions } from '../security/error-hygiene';
import { QueryLimits } from '../security/query-limits';
import { RateLimitService } from '../security/rate-limit.service';

/** The actor of each authenticated graphql-ws connection, keyed by its connection context. */
const connectionActors = new WeakMap<object, Actor>();
/** The `Authorization` value each connection authenticated with, checked again per subscribe. */
const connectionTokens = new WeakMap<object, string>();

/** What graphql-ws' `onSubscribe` and the limits need besides the connection. */
export interface SubscriptionGuards {
  auth: AuthService;
  limits: QueryLimits;
  rateLimits: RateLimitService;
  config: AppConfig;
  /** The executable schema, known once the GraphQL module has built it. */
  schema: () => GraphQLSchema;
  onInternal: (error: unknown) => void;
}

/** A refusal in the shape HTTP clients get: message and `extensions.code` from the one mapping. */
function clientErrors(
  errors: readonly unknown[],
  onInternal: (e: unknown) => void,
): GraphQLError[] {
  return errors.map((error) => {
    const graphQLError =
      error instanceof GraphQLError
        ? error
        : new GraphQLError((error as Error).message, { originalError: error as Error });
    const formatted = formatGraphQLError(graphQLError.toJSON(), graphQLError, onInternal);
    return new GraphQLError(hideSuggestions(formatted.message), {
      extensions: formatted.extensions,
    });
  });
}

/**
 * graphql-ws options. A connection is authenticated once, from `connectionParams.authorization`
 * (`Bearer <token>`, as over HTTP), and refused (close code 4403) without a valid token. The
 * WebSocket path bypasses Apollo's HTTP pipeline and its plugins, so every subscribe runs the same
 * checks here: the token again (an expired token subscribes to nothing more), the token limit of
 * the parser, the standard validation rules plus depth, alias and directive limits, the cost
 * limit, and the rate-limit budgets of the user and the IP.
 */
export function graphqlWsOptions(guards: SubscriptionGuards): GraphQLWsSubscriptionsConfig {
  const { auth, limits, rateLimits, config, schema, onInternal } = guards;
  return {
    onConnect: async (connection) => {
      const header = connection.connectionParams?.authorization;
      const { actor } = await auth.actorFromHeader(typeof header === 'string' ? header : undefined);
      if (!actor || typeof header !== 'string') return false;
      connectionActors.set(connection, actor);
      connectionTokens.set(connection, header);
      return true;
    },
    onSubscribe: async (connection, _id, payload) => {
      try {
        const { actor, error } = await auth.actorFromHeader(connectionTokens.get(connection));
        if (!actor) throw new UnauthenticatedError(error);
        connectionActors.set(connection, actor);
        const executable = schema();
        const prepared = limits.prepare(executable, payload.query);
        if (prepared.errors) return clientErrors(prepared.errors, onInternal);
        const cost = limits.cost({
          schema: executable,
          document: prepared.document,
          variables: payload.variables,
          operationName: payload.operationName,
        });
        const request = (connection.extra as { request?: IncomingMessage }).request;
        const ip = request ? clientIpOf(request, config.TRUST_PROXY_HOPS) : 'unknown';
        await rateLimits.spend(actor, ip, cost);
        return {
          schema: executable,
          document: prepared.document,
          variableValues: payload.variables,
          operationName: payload.operationName,
        };
      } catch (error) {
        if (error instanceof DomainError) return clientErrors([error], onInternal);
        throw error;
      }
    },
  };
}

/**
 * True when the GraphQL context factory is called by graphql-ws for an operation on a socket
 * (its connection context) rather than by Apollo for an HTTP request.
 */
export function isSubscriptionConnection(value: object): boolean {
  return 'connectionInitReceived' in value && 'subscriptions' in value;
}

/** The actor authenticated for a graphql-ws connection, or null. */
export function connectionActor(connection: object): Actor | null {
  return connectionActors.get(connection) ?? null;
}
