/** Reasons (`extensions.reason`) of requests refused by the query limits and the rate limits. */
export enum SecurityErrorReason {
  /** Fields nested deeper than `GRAPHQL_MAX_DEPTH` (BAD_USER_INPUT). */
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  /** More aliases than `GRAPHQL_MAX_ALIASES` (BAD_USER_INPUT). */
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  /** More directives than `GRAPHQL_MAX_DIRECTIVES` (BAD_USER_INPUT). */
  TOO_MANY_DIRECTIVES = 'TOO_MANY_DIRECTIVES',
  /** More lexical tokens than `GRAPHQL_MAX_TOKENS` (BAD_USER_INPUT). */
  TOO_MANY_TOKENS = 'TOO_MANY_TOKENS',
  /** Estimated cost above `GRAPHQL_MAX_COST` (BAD_USER_INPUT). */
  QUERY_TOO_COSTLY = 'QUERY_TOO_COSTLY',
  /** A JSON array of operations in one HTTP request (BAD_USER_INPUT, HTTP 400). */
  BATCH_NOT_ALLOWED = 'BATCH_NOT_ALLOWED',
  /** The user's or the IP's cost budget of the window is spent (RATE_LIMITED, HTTP 429). */
  REQUEST_BUDGET_SPENT = 'REQUEST_BUDGET_SPENT',
  /** Too many failed logins for an email, or login attempts from an IP (RATE_LIMITED). */
  LOGIN_THROTTLED = 'LOGIN_THROTTLED',
}
