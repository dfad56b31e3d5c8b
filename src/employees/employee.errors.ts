/** Reasons (`extensions.reason`) specific to employees and their skills. */
export enum EmployeeErrorReason {
  /** `expectedVersion` is not the record's current version: someone else changed it first. */
  STALE_VERSION = 'STALE_VERSION',
  /** A SCHOOL only borrows, so its employees are never lendable. */
  SCHOOL_CANNOT_LEND = 'SCHOOL_CANNOT_LEND',
  /** Home latitude and longitude go together: both or neither. */
  HOME_LOCATION_INCOMPLETE = 'HOME_LOCATION_INCOMPLETE',
  /** The same skill appears twice in one `setEmployeeSkills` list. */
  DUPLICATE_SKILL = 'DUPLICATE_SKILL',
  /** A certificate skill needs the date its certificate expires. */
  CERTIFICATE_EXPIRY_REQUIRED = 'CERTIFICATE_EXPIRY_REQUIRED',
  /** `minLevel` filters on a skill, so it needs `skillId`. */
  MIN_LEVEL_WITHOUT_SKILL = 'MIN_LEVEL_WITHOUT_SKILL',
}
