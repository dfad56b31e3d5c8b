/** Reasons (`extensions.reason`) specific to availability windows. */
export enum AvailabilityErrorReason {
  /** The window ends before it starts. */
  END_BEFORE_START = 'END_BEFORE_START',
  /** The window starts before today (the Dutch calendar date). */
  START_IN_PAST = 'START_IN_PAST',
  /** The window is longer than 52 weeks. */
  TOO_LONG = 'TOO_LONG',
  /** More hours per week than the half-days given can hold (4.5 hours each). */
  TOO_MANY_HOURS = 'TOO_MANY_HOURS',
  /** The employee is not offered for lending (`lendable` is false). */
  NOT_LENDABLE = 'NOT_LENDABLE',
  /** The window was withdrawn before. */
  ALREADY_WITHDRAWN = 'ALREADY_WITHDRAWN',
  /** `overlapsFrom` lies after `overlapsTo`. */
  OVERLAP_BOUNDS_REVERSED = 'OVERLAP_BOUNDS_REVERSED',
}
