import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './create-app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const { app, close } = await createApp(config);
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen(config.PORT);
  new Logger('Bootstrap').log(
    `Listening on http://localhost:${config.PORT}/graphql (health: /health)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
