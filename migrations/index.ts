import { InitialSchema1763884800000 } from './1763884800000-InitialSchema';

/** Every migration in order. Add new ones at the end; never edit a committed one. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [InitialSchema1763884800000];
