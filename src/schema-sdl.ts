import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { loadConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';

/** Header of the committed schema file. */
export const SCHEMA_HEADER =
  '# The public GraphQL schema of the collegial labour pool service.\n# Generated from the code by `npm run schema:emit`; do not edit by hand.\n\n';

/**
 * The GraphQL schema as SDL, built from the code-first resolvers without touching a database
 * (the data source is never initialised).
 */
export async function buildSchemaSdl(): Promise<string> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
  const dataSource = new DataSource(dataSourceOptions('postgres://unused@127.0.0.1:1/unused'));
  const app = await NestFactory.create(
    AppModule.forRoot(config, dataSource),
    new FastifyAdapter(),
    {
      logger: false,
    },
  );
  await app.init();
  const { schema } = app.get(GraphQLSchemaHost);
  const sdl = SCHEMA_HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
  await app.close();
  return sdl;
}
