import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

/** Longest idempotency key accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** The optional idempotency key of a mutation that users retry. */
@ArgsType()
export class IdempotencyArgs {
  @Field(() => String, {
    nullable: true,
    description:
      "Makes a retry safe: a later call by the same user with the same key and the same arguments returns the first call's result without doing it again; the same key with other arguments is CONFLICT (IDEMPOTENCY_KEY_REUSED). Any 1 to 200 printable ASCII characters, e.g. a UUID you generate per intended action; keys are kept 24 hours (`IDEMPOTENCY_KEY_TTL_HOURS`). A call that fails keeps no key.",
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_IDEMPOTENCY_KEY_LENGTH)
  @Matches(/^[\x21-\x7e]+$/, { message: 'idempotencyKey must be printable ASCII without spaces' })
  idempotencyKey?: string;
}
