import { ArgumentsHost, Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './errors';

/**
 * Expected failures (domain errors, constraint violations) go straight to the GraphQL error
 * mapping without Nest logging them as crashes; `formatGraphQLError` decides what the client sees.
 */
@Catch(DomainError, QueryFailedError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(
    error: DomainError | QueryFailedError,
    _host: ArgumentsHost,
  ): DomainError | QueryFailedError {
    return error;
  }
}
