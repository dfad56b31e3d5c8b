import type {
  GatewayExecutionResult,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import {
  DocumentNode,
  execute,
  ExecutionResult,
  GraphQLError,
  GraphQLSchema,
  OperationTypeNode,
  printSchema,
} from 'graphql';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';
import { OperationMemo } from './operation-memo';

/** What {@link JitExecutor} knows of one operation of one cached document. */
interface Entry {
  /** How often the operation has run (counted up to the compile threshold only). */
  runs: number;
  /** The compiled operation; `null` when graphql-jit could not compile it (then never again). */
  compiled?: CompiledQuery | null;
}

/** Options of {@link JitExecutor}. */
export interface JitExecutorOptions {
  /**
   * Runs of one operation of one document before it is compiled: documents that arrive once are
   * cheaper through graphql-js (compiling costs more than one execution); a client's repeated
   * operations are compiled on their n-th run. 0 turns compilation off.
   */
  compileAfter: number;
  /** The compiler; graphql-jit's `compileQuery` (tests pass a spy around it). */
  compile?: (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName?: string,
  ) => CompiledQuery | ExecutionResult;
}

/**
 * Executes the queries of Apollo Server with graphql-jit, which compiles an operation into one
 * JavaScript function (no per-field walk of the document, no per-field promise bookkeeping)
 * and calls the schema's own resolvers: the same resolvers, guards and errors as graphql-js, for
 * a fraction of graphql-js's CPU on a nested page (see README, "API speed").
 *
 * Apollo Server 5 lets an executor be plugged in only through its `gateway` option: this class
 * is a gateway that serves the one schema Nest built and executes it locally. Parsing,
 * validation (with the query limits), the plugins (cost and rate limits), the context and the
 * error formatting stay Apollo's. Apollo caches each validated document by its hash, so a
 * repeated query arrives as the same `DocumentNode`, to which the compiled function is tied
 * (a `WeakMap`: it goes when Apollo's document cache drops the document).
 *
 * What stays on graphql-js: mutations (the write path is not where the time goes, and stays on
 * the reference implementation), operations not yet run `compileAfter` times, anything
 * graphql-jit declines to compile, and requests it refuses before running any resolver
 * (variables that do not coerce): graphql-js then answers them, so their errors (and Apollo's
 * HTTP 400 for bad variables) are exactly graphql-js's.
 */
export class JitExecutor implements GatewayInterface {
  private readonly cache = new OperationMemo<Entry>();

  constructor(
    private readonly schema: () => GraphQLSchema,
    private readonly options: JitExecutorOptions,
  ) {}

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): () => void {
    const apiSchema = this.schema();
    callback({ apiSchema, coreSupergraphSdl: printSchema(apiSchema) });
    return () => undefined;
  }

  load(): Promise<GatewayLoadResult> {
    return Promise.resolve({ executor: (request) => this.execute(request) });
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  /** Executes one operation Apollo has parsed, validated and admitted. */
  async execute(request: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> {
    const { document, operation, context } = request;
    // The name the client asked for (`request.operationName` is the name of the operation Apollo
    // found, null when it found none): graphql-js must see the same request to give its errors.
    const { variables, operationName } = request.request;
    const compiled =
      operation?.operation === OperationTypeNode.QUERY
        ? this.compiled(document, operationName)
        : null;
    if (compiled) {
      const result = await compiled.query(undefined, context, variables);
      // No data: refused before any resolver ran (variables); graphql-js says why, its way.
      if (result.data !== undefined) return withGraphQLErrors(result);
    }
    return execute({
      schema: this.schema(),
      document,
      contextValue: context,
      variableValues: variables,
      operationName,
    });
  }

  /** The compiled operation once it has run often enough, else null. */
  private compiled(document: DocumentNode, operationName?: string): CompiledQuery | null {
    if (this.options.compileAfter <= 0) return null;
    const entry = this.cache.get(document, operationName, () => ({ runs: 0 }))!;
    if (entry.compiled !== undefined) return entry.compiled;
    if (++entry.runs < this.options.compileAfter) return null;
    const compile = this.options.compile ?? compileQuery;
    const compiled = compile(this.schema(), document, operationName);
    entry.compiled = isCompiledQuery(compiled) ? compiled : null;
    return entry.compiled;
  }
}

/**
 * graphql-jit reports errors as objects of its own that inherit graphql-js's `GraphQLError` but
 * were not built by its constructor (no `extensions` object when the cause has none, which
 * Apollo's error formatting reads); rebuilt here as graphql-js errors with the same message,
 * locations, path and cause, so that the one error mapping sees what graphql-js would give it.
 * graphql-js gives every field error a cause, graphql-jit none to its own checks (a null in a
 * non-null field, a value a scalar cannot serialise): an `Error` with the message stands in, as
 * graphql-js's would (the mapping logs it as an internal error either way).
 */
function withGraphQLErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  return {
    ...result,
    errors: result.errors.map((e) => {
      const error = new GraphQLError(e.message, {
        path: e.path,
        originalError: e.originalError ?? new Error(e.message),
        extensions: e.extensions,
      });
      if (e.locations)
        Object.defineProperty(error, 'locations', { value: e.locations, enumerable: true });
      return error;
    }),
  };
}
