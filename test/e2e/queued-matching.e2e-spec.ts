import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Company } from '../../src/companies/company.entity';
import { MatchProposal } from '../../src/matching/match-proposal.entity';
import { MatchRun } from '../../src/matching/match-run.entity';
import { MATCHING_QUEUE, MatchingJobService } from '../../src/matching/matching-jobs.service';
import { Pool } from '../../src/pools/pool.entity';
import { Skill } from '../../src/skills/skill.entity';
import {
  inDays,
  newCoordinator,
  newDemand,
  newEmployee,
  newEmployeeSkill,
  newHr,
  newMember,
  newPool,
  newSkill,
  newWindow,
} from '../support/factories';
import { dropQueueKeys } from '../support/redis';
import { SecondInstance, startSecondInstance } from '../support/subscriptions';
import { startTestApp, TestApp } from '../support/test-app';

const RUN = `mutation($poolId: ID!) { runMatching(poolId: $poolId) {
  id positionsOpen positionsFilled
  proposals { id demandId status profile { skills { level skill { code } } } }
  unfilled { demandId positions reason skill { code } }
} }`;

const REDIS_URL = process.env.REDIS_URL;
const describeWithRedis = REDIS_URL ? describe : describe.skip;
if (!REDIS_URL) {
  console.warn(
    'Skipped "batch matching as a queued job": REDIS_URL is not set (.ci/run sets it to the Redis on this machine).',
  );
}

describeWithRedis('batch matching as a queued job on a worker (BullMQ, e2e)', () => {
  let api: TestApp;
  let worker: SecondInstance;
  let db: DataSource;
  let queue: Queue;

  beforeAll(async () => {
    // An API-only instance and a worker-only instance on one database and one Redis, as deployed.
    api = await startTestApp({ REDIS_URL: REDIS_URL as string, PROCESS_ROLE: 'api' });
    worker = await startSecondInstance(api, {
      REDIS_URL: REDIS_URL as string,
      PROCESS_ROLE: 'worker',
    });
    db = api.db;
    queue = new Queue(MATCHING_QUEUE, {
      connection: { url: REDIS_URL as string },
      prefix: api.config.QUEUE_PREFIX,
    });
  });
  afterAll(async () => {
    await queue?.close();
    await worker?.close();
    await api?.close();
  });

  async function welderOf(company: Company, pool: Pool, skill: Skill) {
    const employee = await newEmployee(db, company);
    await newEmployeeSkill(db, employee, skill, 3);
    await newWindow(db, employee, pool, { period: { start: inDays(7), end: inDays(60) } });
    return employee;
  }

  it('runMatching on an API-only instance runs on the worker and answers with the run, its proposals and unfilled positions', async () => {
    expect(api.created.app.get(MatchingJobService).mode).toBe('queued');
    const pool = await newPool(db);
    const welding = await newSkill(db);
    const plc = await newSkill(db);
    const borrower = await newMember(db, pool);
    const lender = await newMember(db, pool);
    const staffed = await newDemand(db, borrower, pool, { headcount: 2 }, [{ skill: welding }]);
    const unstaffable = await newDemand(db, borrower, pool, {}, [{ skill: plc }]);
    await welderOf(lender, pool, welding);
    await welderOf(lender, pool, welding);
    const coordinator = await newCoordinator(db, pool);

    const { runMatching: run } = await api.as(coordinator).ok(RUN, { poolId: pool.id });
    expect(run).toMatchObject({ positionsOpen: 3, positionsFilled: 2 });
    expect(run.proposals).toHaveLength(2);
    expect(run.proposals.every((p: { demandId: string }) => p.demandId === staffed.id)).toBe(true);
    expect(run.proposals[0].profile.skills[0].skill.code).toBe(welding.code);
    expect(run.unfilled).toEqual([
      { demandId: unstaffable.id, positions: 1, reason: 'NO_SKILL', skill: { code: plc.code } },
    ]);
    expect(await db.getRepository(MatchProposal).countBy({ runId: run.id })).toBe(2);

    // The job was taken by the worker instance (the API instance has no worker at all).
    const [job] = await queue.getJobs(['completed']);
    expect(job.data).toMatchObject({ poolId: pool.id, actor: { userId: coordinator.id } });
    expect(job.returnvalue).toEqual({ runId: run.id });
    expect(job.processedBy).toMatch(new RegExp(`:${process.pid}$`));
    // The worker serves no GraphQL itself (only /health, for its monitor).
    const direct = await worker.as(coordinator).send(RUN, { poolId: pool.id });
    expect(direct.status).toBe(404);
    expect(direct.errors?.[0].extensions).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'WORKER_ONLY',
    });
  });

  it('checks authorisation again on the worker: an HR manager and a coordinator of another pool get FORBIDDEN and no run is made', async () => {
    const pool = await newPool(db);
    const other = await newPool(db);
    const member = await newMember(db, pool);
    await newDemand(db, member, pool, {}, [{ skill: await newSkill(db) }]);
    expect(await api.as(await newHr(db, member)).errorCode(RUN, { poolId: pool.id })).toBe(
      'FORBIDDEN',
    );
    expect(await api.as(await newCoordinator(db, other)).errorCode(RUN, { poolId: pool.id })).toBe(
      'FORBIDDEN',
    );
    expect(await db.getRepository(MatchRun).countBy({ poolId: pool.id })).toBe(0);
    const failed = await queue.getJobs(['failed']);
    expect(failed).toEqual([]);
  });

  it('answers SERVICE_UNAVAILABLE when no worker finishes in time, and withdraws the job', async () => {
    // A second API-only instance on a queue that no worker serves.
    const lonely = await startSecondInstance(api, {
      REDIS_URL: REDIS_URL as string,
      PROCESS_ROLE: 'api',
      QUEUE_PREFIX: `${api.config.QUEUE_PREFIX}-noworker`,
      MATCHING_JOB_TIMEOUT_MS: '1500',
    });
    const orphans = new Queue(MATCHING_QUEUE, {
      connection: { url: REDIS_URL as string },
      prefix: `${api.config.QUEUE_PREFIX}-noworker`,
    });
    try {
      const pool = await newPool(db);
      const coordinator = await newCoordinator(db, pool);
      const res = await lonely.as(coordinator).send(RUN, { poolId: pool.id });
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        reason: 'MATCHING_TIMEOUT',
      });
      expect(await orphans.getJobCounts('waiting', 'active', 'delayed')).toEqual({
        waiting: 0,
        active: 0,
        delayed: 0,
      });
      expect(await db.getRepository(MatchRun).countBy({ poolId: pool.id })).toBe(0);
    } finally {
      await lonely.close();
      await orphans.close();
      await dropQueueKeys(REDIS_URL as string, `${api.config.QUEUE_PREFIX}-noworker`);
    }
  });
});
