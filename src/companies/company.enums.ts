import { registerEnumType } from '@nestjs/graphql';

export enum CompanyKind {
  EMPLOYER = 'EMPLOYER',
  SCHOOL = 'SCHOOL',
}

registerEnumType(CompanyKind, {
  name: 'CompanyKind',
  description:
    'EMPLOYER lends and borrows; SCHOOL (a vocational college) only borrows, usually part-time teachers ("lerarenpool uit het bedrijfsleven").',
});

export enum MembershipStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  LEFT = 'LEFT',
}

registerEnumType(MembershipStatus, {
  name: 'MembershipStatus',
  description: 'State of a company in a pool: only ACTIVE members lend and borrow.',
});
