import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, GraphQLContext } from '../common/graphql-context';
import { RequestContext } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { clientIpOf } from '../security/client-ip';
import { Public } from './auth.guard';
import { CreateUserInput } from './auth.inputs';
import { AuthPayloadModel, UserModel } from './auth.model';
import { AuthService } from './auth.service';
import { User } from './user.entity';

@Resolver(() => UserModel)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Mutation(() => AuthPayloadModel, {
    description:
      'Exchange email and password for a bearer token. Throttled: after repeated failures for one email, or many attempts from one address, it answers RATE_LIMITED (reason LOGIN_THROTTLED, with retryAfterSeconds).',
  })
  login(
    @Ctx() ctx: RequestContext,
    @Context() gql: GraphQLContext,
    @Args('email') email: string,
    @Args('password') password: string,
  ): Promise<AuthPayloadModel> {
    const clientIp = gql.req ? clientIpOf(gql.req, this.config.TRUST_PROXY_HOPS) : 'unknown';
    return this.auth.login(ctx, {
      email: email.slice(0, 254),
      password: password.slice(0, 200),
      clientIp,
    });
  }

  @Query(() => UserModel, { description: 'The user behind the bearer token.' })
  me(@Ctx() ctx: RequestContext): Promise<User> {
    return this.auth.me(ctx);
  }

  @Mutation(() => UserModel, {
    description:
      'Create a login. ADMIN: any user; coordinator: HR users of member firms of its pools; HR: EMPLOYEE users of its own staff.',
  })
  createUser(@Ctx() ctx: RequestContext, @Args('input') input: CreateUserInput): Promise<User> {
    return this.auth.createUser(ctx, input);
  }
}
