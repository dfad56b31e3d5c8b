import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../common/request-context';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction';
import { settleCandidatePairs, SettleReport, systemTransactions } from './candidate-pair-table';
import { SkillFrequencies } from './candidate-search';

/**
 * Settles the marks that writes leave on the kept candidate pairs every
 * `PAIR_SETTLE_INTERVAL_MS`, in the processes that run jobs, so that they do not pile up for the
 * next read: a batch run or a suggestion then finds its pairs current and pays one query. Reads
 * settle what is left themselves, so this only moves work off their path; instances share the
 * marks, and each mark is settled once whichever takes it.
 */
@Injectable()
export class CandidatePairSettler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CandidatePairSettler.name);
  private readonly frequencies = new SkillFrequencies();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.PAIR_SETTLE_INTERVAL_MS;
    if (!this.config.runsJobs || every === 0) return;
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Settles every mark now (no demand is searched). */
  settle(): Promise<SettleReport> {
    return settleCandidatePairs(
      systemTransactions(this.tx, RequestContext.system(this.dataSource.manager)),
      [],
      new Date(),
      this.frequencies,
    );
  }

  private tick(): void {
    if (this.running) return;
    const started = Date.now();
    this.running = this.settle()
      .then((report) => {
        if (report.employees + report.demandsDropped > 0)
          this.logger.debug(`Settled ${JSON.stringify(report)} in ${Date.now() - started} ms`);
      })
      .catch((error: unknown) =>
        this.logger.warn(`Settling candidate pairs failed: ${String(error)}`),
      )
      .finally(() => (this.running = undefined));
  }
}
