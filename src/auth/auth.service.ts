import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource, EntityManager, In } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Company, PoolMembership } from '../companies/company.entity';
import { MembershipStatus } from '../companies/company.enums';
import {
  BadUserInputError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../common/errors';
import { RequestContext } from '../common/request-context';
import { TransactionRunner } from '../database/transaction';
import { Employee } from '../employees/employee.entity';
import { Pool } from '../pools/pool.entity';
import { RateLimitService } from '../security/rate-limit.service';
import { Actor, UserRole } from './actor';
import { AuthErrorReason } from './auth.errors';
import { CreateUserInput } from './auth.inputs';
import { coordinates, requireActor, requireRole } from './authorize';
import { CoordinatorPools } from './coordinator-pools';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import { PoolCoordinator, User } from './user.entity';
import { VerifiedTokens } from './verified-tokens';

/** Verified tokens remembered per process (a few hundred bytes each). */
const VERIFIED_TOKENS = 10_000;

interface TokenClaims {
  sub: string;
  role: UserRole;
  cid: string | null;
  eid: string | null;
  exp?: number;
}

/** Logins, tokens, the actor behind a token, and user administration. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Tokens verified before, until they expire (see {@link VerifiedTokens}). */
  private readonly verified = new VerifiedTokens<TokenClaims>(VERIFIED_TOKENS);

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly rateLimits: RateLimitService,
    private readonly coordinatorPools: CoordinatorPools,
  ) {}

  /**
   * A token for the right email and password. Public (no actor needed); throttled per email
   * (failed attempts) and per client IP (all attempts) before the password is checked, so a
   * throttled guess learns nothing.
   */
  async login(
    _ctx: RequestContext,
    { email, password, clientIp }: { email: string; password: string; clientIp: string },
  ): Promise<{ token: string; expiresAt: Date; user: User }> {
    await this.rateLimits.beforeLogin(email, clientIp);
    // Before login there is no actor: finding the user by email is the trusted scope's work.
    const user = await this.tx.runAsSystem(this.noActor(), 'login: user by email', (sys) =>
      sys.manager
        .getRepository(User)
        .createQueryBuilder('u')
        .addSelect('u.passwordHash')
        .where('u.email = :email', { email: email.trim().toLowerCase() })
        .getOne(),
    );
    const ok = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), password);
    if (!user || !ok) {
      await this.rateLimits.loginFailed(email);
      throw new UnauthenticatedError('Email or password is wrong');
    }
    await this.rateLimits.loginSucceeded(email);
    const claims: TokenClaims = {
      sub: user.id,
      role: user.role,
      cid: user.companyId,
      eid: user.employeeId,
    };
    const token = await this.jwt.signAsync(claims);
    const expiresAt = new Date(Date.now() + this.config.JWT_TTL_SECONDS * 1000);
    delete (user as Partial<User>).passwordHash;
    return { token, expiresAt, user };
  }

  /**
   * The actor behind an `Authorization` header, or `null` without one. A coordinator's pools are
   * read from the database on every request, so an appointment takes effect at once.
   */
  async actorFromHeader(
    header: string | undefined,
  ): Promise<{ actor: Actor | null; error?: string }> {
    if (!header) return { actor: null };
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return { actor: null, error: 'Authorization header must be "Bearer <token>"' };
    const token = match[1];
    let claims: Readonly<TokenClaims> | undefined = this.verified.get(token);
    if (!claims) {
      try {
        claims = await this.jwt.verifyAsync<TokenClaims>(token);
      } catch (e) {
        return { actor: null, error: `Invalid token: ${(e as Error).message}` };
      }
      this.verified.remember(token, claims);
    }
    // jsonwebtoken checks `exp` only when present; a token that never expires is refused.
    if (typeof claims.exp !== 'number') return { actor: null, error: 'Invalid token: no expiry' };
    const poolIds =
      claims.role === UserRole.POOL_COORDINATOR
        ? await this.coordinatorPools.poolsOf(claims.sub)
        : [];
    return {
      actor: {
        userId: claims.sub,
        role: claims.role,
        companyId: claims.cid,
        employeeId: claims.eid,
        poolIds,
      },
    };
  }

  async me(ctx: RequestContext): Promise<User> {
    const actor = requireActor(ctx);
    const user = await ctx.manager.getRepository(User).findOneBy({ id: actor.userId });
    if (!user) throw new UnauthenticatedError('The user of this token no longer exists');
    return user;
  }

  /**
   * ADMIN creates any user; a coordinator creates HR users for member firms of its pools; an HR
   * manager creates EMPLOYEE users for its own staff.
   */
  async createUser(ctx: RequestContext, input: CreateUserInput): Promise<User> {
    const actor = requireRole(ctx, UserRole.ADMIN, UserRole.POOL_COORDINATOR, UserRole.COMPANY_HR);
    this.checkScopeShape(input);
    return this.tx.run(ctx, async (tx) => {
      const m = tx.manager;
      let companyId: string | null = null;
      if (input.role === UserRole.COMPANY_HR) {
        companyId = input.companyId as string;
        if (!(await m.getRepository(Company).existsBy({ id: companyId })))
          throw new NotFoundError('Company', companyId);
        await this.authoriseHrCreation(m, actor, companyId);
      } else if (input.role === UserRole.EMPLOYEE) {
        const employee = await m.getRepository(Employee).findOneBy({ id: input.employeeId });
        if (
          !employee ||
          (actor.role !== UserRole.ADMIN && employee.companyId !== actor.companyId)
        ) {
          throw new NotFoundError('Employee', input.employeeId);
        }
        if (actor.role !== UserRole.ADMIN && actor.role !== UserRole.COMPANY_HR) {
          throw new ForbiddenError(
            'Only ADMIN or the HR manager of the company creates employee users',
          );
        }
        companyId = employee.companyId;
      } else if (actor.role !== UserRole.ADMIN) {
        throw new ForbiddenError(`Only ADMIN creates ${input.role} users`);
      }
      if (input.poolIds?.length) {
        const found = await m.getRepository(Pool).countBy({ id: In(input.poolIds) });
        if (found !== new Set(input.poolIds).size) throw new NotFoundError('Pool');
      }
      const repo = m.getRepository(User);
      const user = await repo.save(
        repo.create({
          email: input.email,
          passwordHash: await hashPassword(input.password),
          role: input.role,
          companyId,
          employeeId: input.role === UserRole.EMPLOYEE ? (input.employeeId as string) : null,
        }),
      );
      for (const poolId of new Set(input.poolIds ?? [])) {
        await m.getRepository(PoolCoordinator).insert({ userId: user.id, poolId });
      }
      delete (user as Partial<User>).passwordHash;
      return user;
    });
  }

  private checkScopeShape(input: CreateUserInput): void {
    const problem = (field: string, message: string) =>
      BadUserInputError.field(field, message, AuthErrorReason.SCOPE_MISMATCH);
    if (input.role === UserRole.COMPANY_HR && !input.companyId)
      throw problem('companyId', 'is required for COMPANY_HR');
    if (input.role === UserRole.EMPLOYEE && !input.employeeId)
      throw problem('employeeId', 'is required for EMPLOYEE');
    if (input.role !== UserRole.COMPANY_HR && input.companyId)
      throw problem('companyId', 'is only for COMPANY_HR');
    if (input.role !== UserRole.EMPLOYEE && input.employeeId)
      throw problem('employeeId', 'is only for EMPLOYEE');
    if (input.role !== UserRole.POOL_COORDINATOR && input.poolIds?.length)
      throw problem('poolIds', 'is only for POOL_COORDINATOR');
  }

  private async authoriseHrCreation(
    m: EntityManager,
    actor: Actor,
    companyId: string,
  ): Promise<void> {
    if (actor.role === UserRole.ADMIN) return;
    if (actor.role === UserRole.POOL_COORDINATOR) {
      const memberships = await m.getRepository(PoolMembership).findBy({ companyId });
      const ok = memberships.some(
        (ms) => coordinates(actor, ms.poolId) && ms.status !== MembershipStatus.LEFT,
      );
      if (ok) return;
    }
    throw new ForbiddenError(
      'HR users are created by ADMIN or by a coordinator of a pool the company belongs to',
    );
  }

  /** A context without an actor, on the application's pool. */
  private noActor(): RequestContext {
    return RequestContext.system(this.dataSource.manager);
  }

  /** Ensures the first ADMIN account from ADMIN_EMAIL/ADMIN_PASSWORD exists (start-up task). */
  async ensureAdmin(email: string, password: string): Promise<void> {
    const normalised = email.trim().toLowerCase();
    const passwordHash = await hashPassword(password);
    const created = await this.tx.runAsSystem(
      this.noActor(),
      'start-up: first ADMIN',
      async (sys) => {
        const repo = sys.manager.getRepository(User);
        if (await repo.existsBy({ email: normalised })) return false;
        await repo.insert({ email: normalised, passwordHash, role: UserRole.ADMIN });
        return true;
      },
    );
    if (!created) return;
    // No address in the log: logs hold no personal data.
    this.logger.log('Created the first ADMIN user from ADMIN_EMAIL');
  }
}
