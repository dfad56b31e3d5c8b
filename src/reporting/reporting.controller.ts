import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  Logger,
  Param,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { mapPostgresError } from '../common/error-mapping';
import { BadUserInputError, DomainError, ErrorCode, UnauthenticatedError } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { CSV_TABLES, CsvTable, renderReportCsv } from './reporting.csv';
import { ReportingErrorReason } from './reporting.errors';
import { parsePoolUsageQuery } from './reporting.inputs';
import { REPORT_PATH, ReportingService } from './reporting.service';
import { renderLentBorrowedChart, renderUnmetDemandChart } from './reporting.svg';

/** HTTP status of each error code. */
const STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
};

/**
 * Errors of the report exports answer with the HTTP status of their code and the same body shape
 * as a GraphQL error (`errors[0].extensions.code`), so one client handles both.
 */
@Catch(DomainError, QueryFailedError)
export class ReportErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Reporting');

  catch(error: DomainError | QueryFailedError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof DomainError) {
      const extensions: Record<string, unknown> = { code: error.code };
      if (error.reason) extensions.reason = error.reason;
      if (error.fields) extensions.fields = error.fields;
      if (error.code === ErrorCode.UNAUTHENTICATED) void res.header('WWW-Authenticate', 'Bearer');
      void res
        .code(STATUS[error.code] ?? 500)
        .send({ errors: [{ message: error.message, extensions }] });
      return;
    }
    const mapped = mapPostgresError(error.driverError as { code?: string });
    if (mapped) {
      void res
        .code(STATUS[mapped.code] ?? 500)
        .send({ errors: [{ message: mapped.message, extensions: { code: mapped.code } }] });
      return;
    }
    this.logger.error(error.stack ?? error.message);
    void res.code(500).send({
      errors: [
        { message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } },
      ],
    });
  }
}

/** The export files and how each is rendered. */
const FILES: Record<
  string,
  { type: string; table?: CsvTable; chart?: 'lent-borrowed' | 'unmet-demand' }
> = {
  ...Object.fromEntries(
    CSV_TABLES.map((table) => [`${table}.csv`, { type: 'text/csv; charset=utf-8', table }]),
  ),
  'lent-borrowed.svg': { type: 'image/svg+xml; charset=utf-8', chart: 'lent-borrowed' },
  'unmet-demand.svg': { type: 'image/svg+xml; charset=utf-8', chart: 'unmet-demand' },
};

/**
 * CSV exports and SVG charts of the pool usage report:
 * `GET /reports/pool-usage/{companies,unmet-demand-by-skill,loans-by-status}.csv?poolId&from&to`
 * and `GET /reports/pool-usage/{lent-borrowed,unmet-demand}.svg?poolId&from&to`, with the same
 * bearer token and the same authorisation as the `poolUsage` query (they call the same service
 * method). 401 without a valid token, 403, 400 or 404 as the query would answer.
 */
@Controller(REPORT_PATH.slice(1))
@UseFilters(ReportErrorFilter)
export class ReportingController {
  constructor(
    private readonly service: ReportingService,
    private readonly auth: AuthService,
    private readonly dataSource: DataSource,
  ) {}

  @Get(':file')
  async export(
    @Param('file') file: string,
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const { actor, error } = await this.auth.actorFromHeader(req.headers.authorization);
    if (!actor) throw new UnauthenticatedError(error);
    const spec = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
    if (!spec) {
      throw BadUserInputError.field(
        'file',
        `unknown export; one of ${Object.keys(FILES).join(', ')}`,
        ReportingErrorReason.UNKNOWN_EXPORT,
      );
    }
    const args = parsePoolUsageQuery(query);
    const report = await this.service.poolUsage(
      new RequestContext(actor, this.dataSource.manager),
      args,
    );
    const body = spec.table
      ? renderReportCsv(report, spec.table)
      : spec.chart === 'lent-borrowed'
        ? renderLentBorrowedChart(report)
        : renderUnmetDemandChart(report);
    const [name, extension] = file.split('.');
    void res
      .code(200)
      .header('Content-Type', spec.type)
      .header('Cache-Control', 'private, no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
      .header(
        'Content-Disposition',
        `${spec.table ? 'attachment' : 'inline'}; filename="pool-usage-${name}-${args.from}-${args.to}.${extension}"`,
      )
      .send(body);
  }
}
