import { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import { Actor } from '../auth/actor';
import { AuthService } from '../auth/auth.service';

/** The actor of each authenticated graphql-ws connection, keyed by its connection context. */
const connectionActors = new WeakMap<object, Actor>();

/**
 * graphql-ws options: a connection is authenticated once, from `connectionParams.authorization`
 * (`Bearer <token>`, as over HTTP), and refused (close code 4403) without a valid token.
 */
export function graphqlWsOptions(auth: AuthService): GraphQLWsSubscriptionsConfig {
  return {
    onConnect: async (connection) => {
      const header = connection.connectionParams?.authorization;
      const { actor } = await auth.actorFromHeader(typeof header === 'string' ? header : undefined);
      if (!actor) return false;
      connectionActors.set(connection, actor);
      return true;
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
