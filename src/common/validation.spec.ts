import { BadRequestException } from '@nestjs/common';
import { IsInt, Min } from 'class-validator';
import { InputValidationPipe } from './validation';

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
