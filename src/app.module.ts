import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { GraphQLSchema } from 'graphql';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { DataSource } from 'typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AuthService } from './auth/auth.service';
import { AvailabilityModule } from './availability/availability.module';
import { CompaniesModule } from './companies/companies.module';
import { DomainErrorFilter } from './common/domain-error.filter';
import { formatGraphQLError } from './common/error-mapping';
import { GraphQLContext } from './common/graphql-context';
import { JitExecutor } from './common/jit-executor';
import { RequestContext } from './common/request-context';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { scopedManager } from './database/scope';
import { DemandModule } from './demand/demand.module';
import { EmployeesModule } from './employees/employees.module';
import { EventsModule } from './events/events.module';
import { connectionActor, graphqlWsOptions, isSubscriptionConnection } from './events/graphql-ws';
import { SubscriptionsModule } from './events/subscriptions.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LendingModule } from './lending/lending.module';
import { HoursModule } from './lending/hours.module';
import { MatchingModule } from './matching/matching.module';
import { PoolsModule } from './pools/pools.module';
import { ReportingModule } from './reporting/reporting.module';
import { QueryLimits } from './security/query-limits';
import { queryLimitsPlugin } from './security/query-limits.plugin';
import { RateLimitService } from './security/rate-limit.service';
import { SecurityModule } from './security/security.module';
import { SkillsModule } from './skills/skills.module';

/**
 * Log paths removed from every log line: credentials, and the variables and bodies that carry
 * passwords and personal data (names, emails, phone numbers) of employees and users.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'req.query',
  'res.headers["set-cookie"]',
  'variables',
  '*.variables',
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'connectionParams',
  '*.connectionParams',
] as const;

/** The application: configuration and data source come from `createApp`. */
@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    dataSource: DataSource,
    options: { logDestination?: DestinationStream } = {},
  ): DynamicModule {
    const logger = new Logger('GraphQL');
    const logInternal = (e: unknown) => logger.error((e as Error)?.stack ?? String(e));
    /** The built schema, kept for graphql-ws, whose onSubscribe validates against it. */
    let executable: GraphQLSchema | undefined;
    const builtSchema = (): GraphQLSchema => {
      if (!executable) throw new Error('The GraphQL schema is not built yet');
      return executable;
    };
    const httpLog: Options = {
      level: config.LOG_LEVEL,
      // The id is Fastify's (`requestIdOf`, src/observability/request-id.ts), which pino-http
      // takes from the request as it finds it.
      // Never log credentials or bodies (which may hold personal data): requests are
      // logged by id, method and path only, and these paths are removed should any log
      // call pass them (see SECURITY.md).
      redact: { paths: [...REDACTED_LOG_PATHS], remove: true },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          // The path only: a GET query string may carry variables.
          url: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    };
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(dataSource),
        LoggerModule.forRoot({
          pinoHttp: options.logDestination ? [httpLog, options.logDestination] : httpLog,
        }),
        SecurityModule,
        AuthModule,
        EventsModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AuthService, QueryLimits, RateLimitService],
          useFactory: (
            auth: AuthService,
            limits: QueryLimits,
            rateLimits: RateLimitService,
          ): ApolloDriverConfig => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            transformSchema: (schema: GraphQLSchema) => (executable = schema),
            // Queries run as compiled functions once repeated (graphql-jit); Apollo Server plugs
            // an executor in only as a gateway, which serves the schema above as it is. Nest's
            // type leaves `gateway` out (its gateway driver has one of another kind) but hands
            // the options to Apollo Server as they are.
            ...{
              gateway: new JitExecutor(builtSchema, { compileAfter: config.GRAPHQL_JIT_AFTER }),
            },
            playground: false,
            introspection: config.introspection,
            plugins: [
              // We send no cache hints; the default cache-control plugin would wrap every field
              // resolver to compute a policy nobody reads (measured with `npm run bench:api`).
              ApolloServerPluginCacheControlDisabled(),
              queryLimitsPlugin(limits, rateLimits, config),
              ...(config.introspection
                ? [ApolloServerPluginLandingPageLocalDefault({ embed: true })]
                : []),
            ],
            // Query limits (see src/security): tokens at parse time, depth/aliases/directives as
            // validation rules, cost and rate limits in the plugin. Batches are refused earlier.
            parseOptions: limits.parseOptions,
            validationRules: limits.validationRules,
            allowBatchedHttpRequests: false,
            // No "Did you mean" suggestions: they spell out the schema without introspection.
            hideSchemaDetailsFromClientErrors: true,
            includeStacktraceInErrorResponses: false,
            formatError: (formatted, error) => formatGraphQLError(formatted, error, logInternal),
            subscriptions: {
              'graphql-ws': graphqlWsOptions({
                auth,
                limits,
                rateLimits,
                config,
                schema: builtSchema,
                onInternal: logInternal,
              }),
            },
            // Over HTTP Apollo's Fastify integration passes the request; graphql-ws calls this
            // per operation with its connection, authenticated on connect.
            context: async (arg: FastifyRequest | object): Promise<GraphQLContext> => {
              if (isSubscriptionConnection(arg)) {
                const actor = connectionActor(arg);
                return { ctx: new RequestContext(actor, scopedManager(dataSource, actor)) };
              }
              const req = (arg as FastifyRequest).raw;
              const { actor, error } = await auth.actorFromHeader(req.headers.authorization);
              const ctx = new RequestContext(actor, scopedManager(dataSource, actor));
              return { req, ctx, authError: error };
            },
          }),
        }),
        HealthModule,
        IdempotencyModule,
        PoolsModule,
        CompaniesModule,
        SkillsModule,
        EmployeesModule,
        AvailabilityModule,
        DemandModule,
        MatchingModule,
        LendingModule,
        AuditModule,
        HoursModule,
        ReportingModule,
        SubscriptionsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
    };
  }
}
