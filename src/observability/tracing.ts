import type { AppConfig } from '../config/app-config';

/** A running OpenTelemetry SDK: flush and stop it before the process exits. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing when `OTEL_ENABLED` is set: spans of incoming HTTP requests,
 * GraphQL operations and resolvers, and every `pg` query, exported over
 * OTLP/HTTP (JSON) to `OTEL_EXPORTER_OTLP_ENDPOINT`/v1/traces in batches.
 *
 * Call it before anything imports `http`-based frameworks, `graphql` or `pg` (see `main.ts`):
 * instrumentations patch modules as they are loaded. When tracing is off the OpenTelemetry
 * packages are never loaded, so it costs nothing.
 */
export async function startTracing(config: AppConfig): Promise<Tracing | null> {
  if (!config.OTEL_ENABLED) return null;
  const [{ NodeSDK }, { OTLPTraceExporter }, { BatchSpanProcessor }, http, graphql, pg] =
    await Promise.all([
      import('@opentelemetry/sdk-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-graphql'),
      import('@opentelemetry/instrumentation-pg'),
    ]);
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '');
  const exporter = new OTLPTraceExporter({ url: `${endpoint}/v1/traces` });
  const sdk = new NodeSDK({
    serviceName: config.OTEL_SERVICE_NAME,
    autoDetectResources: false,
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 })],
    instrumentations: [
      new http.HttpInstrumentation({
        // Health probes every few seconds would drown the traces that matter.
        ignoreIncomingRequestHook: (req) => req.url?.startsWith('/health') ?? false,
      }),
      new graphql.GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
      new pg.PgInstrumentation(),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
