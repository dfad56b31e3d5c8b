import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsInt, IsNumber, Min, validateSync } from 'class-validator';
import { InputValidationPipe, IsEmailAddress, MaxDecimals } from './validation';

class Page {
  @IsInt()
  @Min(1)
  first!: number;
}

describe('InputValidationPipe', () => {
  const pipe = new InputValidationPipe({ transform: true });
  const invalid = () => Object.assign(new Page(), { first: -1 });

  it('validates GraphQL arguments', async () => {
    await expect(pipe.transform(invalid(), { type: 3 as never, metatype: Page })).rejects.toThrow(
      BadRequestException,
    );
  });

  it('validates HTTP bodies', async () => {
    await expect(pipe.transform(invalid(), { type: 'body', metatype: Page })).rejects.toThrow(
      BadRequestException,
    );
  });

  it('hands a resolver its parent object as it is, without validating or copying it', async () => {
    const parent = invalid();
    await expect(pipe.transform(parent, { type: 0 as never, metatype: Page })).resolves.toBe(
      parent,
    );
  });
});

class Hours {
  @IsNumber()
  @MaxDecimals(2)
  hours!: number;
}

const problems = (hours: unknown) =>
  validateSync(plainToInstance(Hours, { hours })).flatMap((e) => Object.keys(e.constraints ?? {}));

describe('MaxDecimals', () => {
  it('accepts numbers with at most the given decimals', () => {
    for (const ok of [8, 7.25, 0.01, 12.5, 1e3]) expect(problems(ok)).toEqual([]);
  });

  it('refuses more decimals, and numbers in exponent notation without throwing (found by the input fuzz)', () => {
    for (const bad of [7.255, 9e-323, 5e-324, 1.000001])
      expect(problems(bad)).toContain('maxDecimals');
    expect(problems(Infinity)).toContain('maxDecimals');
    expect(problems('7.25')).toContain('maxDecimals');
  });
});

class Contact {
  @IsEmailAddress()
  email!: string;
}

const emailProblems = (email: unknown) =>
  validateSync(plainToInstance(Contact, { email })).flatMap((e) =>
    Object.keys(e.constraints ?? {}),
  );

describe('IsEmailAddress', () => {
  it('accepts addresses, including non-ASCII ones', () => {
    for (const ok of ['a@b.nl', 'sanne.devries@vandermeer.demo', 'jörg@müller.de'])
      expect(emailProblems(ok)).toEqual([]);
  });

  it('refuses non-addresses and an unpaired surrogate without throwing (found by the input fuzz)', () => {
    for (const bad of ['\ud800', 'a\udc00@b.nl', 'not an email', '', 42, null])
      expect(emailProblems(bad)).toEqual(['isEmail']);
  });
});
