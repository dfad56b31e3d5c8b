import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx } from '../common/graphql-context';
import { RequestContext } from '../common/request-context';
import { Public } from './auth.guard';
import { CreateUserInput } from './auth.inputs';
import { AuthPayloadModel, UserModel } from './auth.model';
import { AuthService } from './auth.service';
import { User } from './user.entity';

@Resolver(() => UserModel)
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => AuthPayloadModel, {
    description: 'Exchange email and password for a bearer token.',
  })
  login(
    @Args('email') email: string,
    @Args('password') password: string,
  ): Promise<AuthPayloadModel> {
    return this.auth.login(email.slice(0, 254), password.slice(0, 200));
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
