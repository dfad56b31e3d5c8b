import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { Injectable } from '@nestjs/common';
import {
  DocumentNode,
  getOperationAST,
  GraphQLError,
  GraphQLSchema,
  parse,
  ParseOptions,
  specifiedRules,
  validate,
  ValidationContext,
  OperationDefinitionNode,
  ValidationRule,
  ValueNode,
  getVariableValues,
  visit,
} from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { BadUserInputError } from '../common/errors';
import { OperationMemo } from '../common/operation-memo';
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

/** The one field argument {@link pageCostEstimator} reads: the page size. */
export const PAGE_SIZE_ARGUMENT = 'first';

/**
 * Cost of one field: 1, plus the cost of what it selects; under a paginated list (a field with a
 * `first` argument) what it selects is paid once per row it may return, so `first: 100` costs
 * four times `first: 25` and nested connections multiply. Aliases are separate fields and pay
 * again, so an alias bomb is as expensive as it is to serve. Reads no argument but
 * {@link PAGE_SIZE_ARGUMENT} (the cost memo of {@link QueryLimits.cost} relies on it).
 */
export const pageCostEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!field.args.some((a) => a.name === PAGE_SIZE_ARGUMENT)) return 1 + childComplexity;
  const first = typeof args[PAGE_SIZE_ARGUMENT] === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  const rows = Math.min(Math.max(Math.trunc(first), 1), MAX_PAGE_SIZE);
  return 1 + rows * childComplexity;
};

/**
 * The names of the variables a document's cost can depend on: those inside a page-size argument
 * of a field ({@link PAGE_SIZE_ARGUMENT}, the one argument {@link pageCostEstimator} reads) and
 * those inside any directive (`@skip`/`@include` decide whether a field counts at all). Every
 * other variable (ids, filters, input objects) leaves the cost as it is.
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (value: ValueNode) =>
    visit(value, { Variable: (variable) => void names.add(variable.name.value) });
  visit(document, {
    Field: (field) => {
      for (const argument of field.arguments ?? []) {
        if (argument.name.value === PAGE_SIZE_ARGUMENT) collect(argument.value);
      }
    },
    Directive: (directive) => {
      for (const argument of directive.arguments ?? []) collect(argument.value);
    },
  });
  return [...names];
}

/** Costs of one operation of one document, by the values of its {@link costVariables}. */
interface OperationCosts {
  operation: OperationDefinitionNode;
  variables: string[];
  costs: Map<string, number>;
}

/** Distinct values of the cost variables remembered per operation (beyond them, computed anew). */
const COSTS_PER_OPERATION = 64;

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
  /** Costs by document (a `WeakMap`: they go with the documents Apollo's cache drops). */
  private readonly costMemo = new OperationMemo<OperationCosts>();

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
    // Costing walks the whole document with type information; a repeated document (Apollo and
    // graphql-ws hand over the same cached `DocumentNode`) with the same page sizes and directive
    // arguments costs the same, so that cost is remembered. The variables are still coerced on
    // every call: variables that do not fit are refused here exactly as without the memo.
    const memo = this.costsOf(document, operationName);
    const key = memo ? costKey(schema, memo, variables) : null;
    let cost = memo && key !== null ? memo.costs.get(key) : undefined;
    if (cost === undefined) {
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
      if (memo && key !== null && memo.costs.size < COSTS_PER_OPERATION) {
        memo.costs.set(key, cost);
      }
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

  /** The cost memo of one operation of `document`; null when no operation is chosen. */
  private costsOf(
    document: DocumentNode,
    operationName: string | null | undefined,
  ): OperationCosts | null {
    const memo = this.costMemo.get(document, operationName, () => {
      const operation = getOperationAST(document, operationName);
      return operation
        ? { operation, variables: costVariables(document), costs: new Map() }
        : undefined;
    });
    return memo ?? null;
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

/** Stands for a cost variable the request leaves out (`null` is a value of its own). */
const ABSENT = '\u0000absent';

/**
 * The memo key of a request: the coerced values of the operation's cost variables; null when the
 * variables do not coerce (the full costing then reports why).
 */
function costKey(
  schema: GraphQLSchema,
  memo: OperationCosts,
  variables: Record<string, unknown> | null | undefined,
): string | null {
  const coerced = getVariableValues(
    schema,
    memo.operation.variableDefinitions ?? [],
    variables ?? {},
  );
  if (coerced.errors) return null;
  const values = coerced.coerced;
  return JSON.stringify(memo.variables.map((name) => (name in values ? values[name] : ABSENT)));
}
