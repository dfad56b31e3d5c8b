/** Writes the GraphQL schema to schema.gql (committed; CI fails when it is stale). */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchemaSdl } from '../schema-sdl';

buildSchemaSdl()
  .then((sdl) => {
    writeFileSync(path.resolve(__dirname, '../../schema.gql'), sdl);
    console.log('schema.gql written');
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
