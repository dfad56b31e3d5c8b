/**
 * Generates a synthetic pool for benchmarks (DESIGN.md "Non-functional targets").
 *
 *   npx ts-node src/cli/seed-synthetic.ts --size demo|national|small [--pools N] [--seed S]
 *                                           [--workers W]
 *
 * --pools spreads the companies over N pools (default 1: the matching targets are per pool);
 * --seed picks another data set of the same size (default 1); --workers is how many
 * connections write staff and availability at once (default 2; the data does not depend on it).
 * Writes into DATABASE_URL's database (migrated first), or into the embedded PostgreSQL when
 * DATABASE_URL is unset. Each run adds a new pool; run it against a fresh database.
 */
import 'reflect-metadata';
import { Presets, SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { openDatabase } from '../database/data-source';
import { resolveDatabase } from '../database/database-url';
import {
  generateSynthetic,
  SYNTHETIC_SIZES,
  SyntheticResult,
  SyntheticSize,
} from '../seed/synthetic';

const USAGE =
  'usage: ts-node src/cli/seed-synthetic.ts --size demo|national|small [--pools N] [--seed S] [--workers W]';

interface Arguments {
  size: SyntheticSize;
  pools: number;
  seed: number;
  workers: number;
}

function parseArguments(argv: readonly string[]): Arguments {
  const value = (name: string): string | undefined => {
    const inline = argv.find((a) => a.startsWith(`--${name}=`));
    if (inline) return inline.slice(name.length + 3);
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const size = value('size') ?? 'demo';
  if (!Object.hasOwn(SYNTHETIC_SIZES, size)) throw new Error(`Unknown --size ${size}\n${USAGE}`);
  const integer = (name: string, fallback: number, min: number): number => {
    const raw = value(name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer >= ${min}\n${USAGE}`);
    return n;
  };
  return {
    size: size as SyntheticSize,
    pools: integer('pools', 1, 1),
    seed: integer('seed', 1, 0),
    workers: integer('workers', 2, 1),
  };
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const args = parseArguments(process.argv.slice(2));
  const target = await resolveDatabase(loadConfig(), (line) => console.log(line));
  try {
    const dataSource = await openDatabase(target.url, {
      migrate: true,
      poolSize: args.workers + 1,
    });
    try {
      await generate(dataSource, args);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await target.release();
  }
}

async function generate(dataSource: DataSource, args: Arguments): Promise<void> {
  const promised = SYNTHETIC_SIZES[args.size];
  console.log(
    `Generating ${args.size}: ${promised.companies} companies, ${promised.employees} employees, ` +
      `${promised.windows} windows, ${promised.demands} demands in ${args.pools} pool(s), seed ${args.seed}`,
  );
  const bar = new SingleBar(
    {
      format:
        '{bar} {percentage}% | {value}/{total} rows | {table} | {duration_formatted} (ETA {eta_formatted})',
      etaBuffer: 50,
      fps: 5,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(1, 0, { table: 'skill' });
  let result: SyntheticResult;
  try {
    result = await generateSynthetic(dataSource, {
      size: args.size,
      seed: args.seed,
      pools: args.pools,
      workers: args.workers,
      onProgress: ({ table, done, total }) => {
        bar.setTotal(total);
        bar.update(done, { table });
      },
    });
    bar.update(bar.getTotal(), { table: 'done' });
  } finally {
    bar.stop();
  }
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`Pool ${result.poolIds.join(', ')}`);
  console.log(JSON.stringify(result.counts));
  console.log(
    Object.entries(result.millis)
      .map(([phase, ms]) => `${phase} ${seconds(ms)}`)
      .join(', '),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
