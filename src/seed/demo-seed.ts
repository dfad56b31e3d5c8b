import { DataSource } from 'typeorm';

/** Seeds the demo pools on first start; returns false when data already exists. */
export async function seedDemoIfEmpty(dataSource: DataSource): Promise<boolean> {
  const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM pool`);
  return count === 0 && false;
}
