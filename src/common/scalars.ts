import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

/** ISO 8601 instant (`2026-11-23T09:00:00.000Z`), from graphql-scalars. */
export const DateTimeScalar: GraphQLScalarType = DateTimeResolver;

/** ISO 8601 calendar date (`2026-11-23`), kept as a string so no time zone shifts the day. */
export const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: 'Date',
  description: 'A calendar date in ISO 8601 form, `YYYY-MM-DD`.',
});
