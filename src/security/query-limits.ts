import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { Injectable } from '@nestjs/common';
import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  parse,
  ParseOptions,
  specifiedRules,
  validate,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { BadUserInputError } from '../common/errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/pagination/connection';
import { AppConfig } from '../config/app-config';
import { SecurityErrorReason } from './security.errors';

/**
 * A GraphQL error whose cause is a {@link BadUserInputError} with `reason`, so that the one error
 * mapping (`formatGraphQLError`) reports `BAD_USER_INPUT` and the reason, over HTTP and WebSocket.
 */
export function limitError(reason: SecurityErrorReason, message: string): GraphQLError {
  return new GraphQLError(message, {
    originalError: new BadUserInputError(message, undefined, reason),
  });
}

/**
 * A parse or validation error marked with Apollo's code for it, so that the error mapping treats
 * it as the client's doing (BAD_USER_INPUT) on the WebSocket path too. Limit errors keep their
 * cause and thereby their own reason.
 */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.originalError) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}

/** graphql-armor reports through its callback; we report to the validation context instead. */
function reportAs(reason: SecurityErrorReason) {
  return [
    (context: ValidationContext | null, error: GraphQLError): void => {
      context?.reportError(limitError(reason, error.message.replace(/^Syntax Error: /, '')));
    },
  ];
}

/** Matches the parser's own error for a document above `maxTokens` (graphql-js 16 spells it "more that"). */
const TOKEN_LIMIT_MESSAGE = /Document contains more tha[nt] \d+ tokens/;

/** True for the parser's error about a document above the token limit. */
export function isTokenLimitError(message: string): boolean {
  return TOKEN_LIMIT_MESSAGE.test(message);
}

/**
 * Cost of one field: 1, plus the cost of what it selects; under a paginated list (a field with a
 * `first` argument) what it selects is paid once per row it may return, so `first: 100` costs
 * four times `first: 25` and nested connections multiply. Aliases are separate fields and pay
 * again, so an alias bomb is as expensive as it is to serve.
 */
export const pageCostEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!field.args.some((a) => a.name === 'first')) return 1 + childComplexity;
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  const rows = Math.min(Math.max(Math.trunc(first), 1), MAX_PAGE_SIZE);
  return 1 + rows * childComplexity;
};

/** What a document needs to be costed: its schema, variables and the operation run. */
export interface OperationToCost {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/**
 * The limits every GraphQL document meets before it runs, over HTTP (Apollo: `parseOptions`,
 * `validationRules` and the cost check in `QueryLimitsPlugin`) and over WebSocket (graphql-ws
 * `onSubscribe`, through {@link QueryLimits.prepare}): lexical tokens, depth, aliases,
 * directives (graphql-armor's validation rules, introspection not exempt) and cost
 * (graphql-query-complexity with {@link pageCostEstimator}).
 */
@Injectable()
export class QueryLimits {
  readonly parseOptions: ParseOptions;
  readonly validationRules: ValidationRule[];
  readonly maxCost: number;

  constructor(config: AppConfig) {
    this.parseOptions = { maxTokens: config.GRAPHQL_MAX_TOKENS };
    this.maxCost = config.GRAPHQL_MAX_COST;
    this.validationRules = [
      maxDepthRule({
        n: config.GRAPHQL_MAX_DEPTH,
        ignoreIntrospection: false,
        // Fragments add no depth of their own: depth is how deep the fields nest.
        flattenFragments: true,
        propagateOnRejection: false,
        onReject: reportAs(SecurityErrorReason.QUERY_TOO_DEEP),
      }),
      maxAliasesRule({
        n: config.GRAPHQL_MAX_ALIASES,
        // graphql-armor lets `__typename` aliases through by default; here every alias counts.
        allowList: [],
        propagateOnRejection: false,
        onReject: reportAs(SecurityErrorReason.TOO_MANY_ALIASES),
      }),
      maxDirectivesRule({
        n: config.GRAPHQL_MAX_DIRECTIVES,
        propagateOnRejection: false,
        onReject: reportAs(SecurityErrorReason.TOO_MANY_DIRECTIVES),
      }),
    ];
  }

  /**
   * The cost of the operation to run; throws BAD_USER_INPUT (`QUERY_TOO_COSTLY`) above the
   * maximum, or when the variables do not fit their declarations (the cost depends on them).
   */
  cost({ schema, document, variables, operationName }: OperationToCost): number {
    let cost: number;
    try {
      cost = getComplexity({
        schema,
        query: document,
        variables: variables ?? {},
        operationName: operationName ?? undefined,
        estimators: [pageCostEstimator],
      });
    } catch (error) {
      if (error instanceof GraphQLError) throw new BadUserInputError(error.message);
      throw error;
    }
    if (cost > this.maxCost) {
      throw new BadUserInputError(
        `Query cost ${cost} exceeds the maximum of ${this.maxCost}; ask for smaller pages (first) or fewer fields`,
        undefined,
        SecurityErrorReason.QUERY_TOO_COSTLY,
      );
    }
    return cost;
  }

  /**
   * Parses and validates a document as Apollo does for HTTP, with the same limits: the standard
   * GraphQL rules plus depth, aliases and directives, after the token limit of the parser.
   * Returns the document, or the errors to send.
   */
  prepare(
    schema: GraphQLSchema,
    source: string,
  ): { document: DocumentNode; errors?: undefined } | { errors: GraphQLError[] } {
    let document: DocumentNode;
    try {
      document = parse(source, this.parseOptions);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      if (isTokenLimitError(error.message)) {
        return {
          errors: [
            limitError(
              SecurityErrorReason.TOO_MANY_TOKENS,
              `Document has more than ${this.parseOptions.maxTokens} tokens`,
            ),
          ],
        };
      }
      return { errors: [withCode(error, 'GRAPHQL_PARSE_FAILED')] };
    }
    const errors = validate(schema, document, [...specifiedRules, ...this.validationRules]);
    if (errors.length === 0) return { document };
    return { errors: errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED')) };
  }
}
